using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Community.V1;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Community;

/// <summary>The gRPC surface of the Community service (platform.community.v1).</summary>
public sealed class CommunityGrpcService(ServiceInfo serviceInfo) : CommunityService.CommunityServiceBase
{
    [Authorize(Scopes.CommunityRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
