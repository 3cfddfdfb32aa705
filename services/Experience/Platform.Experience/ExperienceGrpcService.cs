using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Experience.V1;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Experience;

/// <summary>The gRPC surface of the Experience service (platform.experience.v1).</summary>
public sealed class ExperienceGrpcService(ServiceInfo serviceInfo) : ExperienceService.ExperienceServiceBase
{
    [Authorize(Scopes.ExperienceRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
