using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Partner.V1;
using Platform.Partner.Data;
using Platform.Partner.Experts;
using Platform.Partner.Organizations;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Security;

namespace Platform.Partner;

/// <summary>The gRPC surface of the Partner service (platform.partner.v1); each feature's calls live in its folder.</summary>
public sealed partial class PartnerGrpcService(
    ServiceInfo serviceInfo,
    IServiceProvider callServices,
    OrganizationCache organizationCache,
    ExpertCache expertCache,
    NetworkCalendar calendar) : PartnerService.PartnerServiceBase
{
    // The call's database context, and what uses it, are taken from the call's services when a
    // method first needs them: renting and returning a pooled context costs every call that
    // takes one, and the service's info and the cached reads never touch the database
    // (docs/performance.md, "service-defaults").
    private PartnerDbContext Db => field ??= callServices.GetRequiredService<PartnerDbContext>();
    private IdempotentRequests<PartnerDbContext> Requests => field ??= callServices.GetRequiredService<IdempotentRequests<PartnerDbContext>>();

    [Authorize(Scopes.PartnerRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
