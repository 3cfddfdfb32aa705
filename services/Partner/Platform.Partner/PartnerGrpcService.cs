using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
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
    PartnerDbContext db,
    IdempotentRequests<PartnerDbContext> requests,
    OrganizationCache organizationCache,
    ExpertCache expertCache,
    NetworkCalendar calendar) : PartnerService.PartnerServiceBase
{
    [Authorize(Scopes.PartnerRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
