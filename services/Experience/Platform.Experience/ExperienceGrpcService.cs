using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Experience.V1;
using Platform.Experience.Data;
using Platform.Experience.Experiences;
using Platform.Experience.Registrations;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Security;

namespace Platform.Experience;

/// <summary>The gRPC surface of the Experience service (platform.experience.v1); each feature's calls live in its folder.</summary>
public sealed partial class ExperienceGrpcService(
    ServiceInfo serviceInfo,
    ExperienceDbContext db,
    IdempotentRequests<ExperienceDbContext> requests,
    PartnerDirectory partners,
    Seats seats,
    Enrolment enrolment,
    RegistrationDesk desk,
    NetworkCalendar calendar) : ExperienceService.ExperienceServiceBase
{
    [Authorize(Scopes.ExperienceRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
