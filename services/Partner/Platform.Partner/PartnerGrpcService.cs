using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Partner.V1;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Partner;

/// <summary>The gRPC surface of the Partner service (platform.partner.v1).</summary>
public sealed class PartnerGrpcService(ServiceInfo serviceInfo) : PartnerService.PartnerServiceBase
{
    [Authorize(Scopes.PartnerRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
