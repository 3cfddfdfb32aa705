using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Community.Data;
using Platform.Community.News;
using Platform.Community.Social;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Community.V1;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Security;

namespace Platform.Community;

/// <summary>The gRPC surface of the Community service (platform.community.v1); each feature's calls live in its folder.</summary>
public sealed partial class CommunityGrpcService(
    ServiceInfo serviceInfo,
    IServiceProvider callServices,
    FeedCache feedCache,
    IOptions<NewsOptions> news,
    IOptions<LinkedInOptions> linkedIn,
    NetworkCalendar calendar) : CommunityService.CommunityServiceBase
{
    // The call's database context, and what uses it, are taken from the call's services when a
    // method first needs them: renting and returning a pooled context costs every call that
    // takes one, and the service's info and the cached reads never touch the database
    // (docs/performance.md, "service-defaults").
    private CommunityDbContext Db => field ??= callServices.GetRequiredService<CommunityDbContext>();
    private IdempotentRequests<CommunityDbContext> Requests => field ??= callServices.GetRequiredService<IdempotentRequests<CommunityDbContext>>();

    [Authorize(Scopes.CommunityRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
