using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
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
    CommunityDbContext db,
    IdempotentRequests<CommunityDbContext> requests,
    FeedCache feedCache,
    IOptions<NewsOptions> news,
    IOptions<LinkedInOptions> linkedIn,
    NetworkCalendar calendar) : CommunityService.CommunityServiceBase
{
    [Authorize(Scopes.CommunityRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
