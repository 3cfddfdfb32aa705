using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Reporting.V1;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Reporting;

/// <summary>The gRPC surface of the Reporting service (platform.reporting.v1).</summary>
public sealed class ReportingGrpcService(ServiceInfo serviceInfo) : ReportingService.ReportingServiceBase
{
    [Authorize(Scopes.ReportingRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
