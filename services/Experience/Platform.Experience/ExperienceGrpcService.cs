using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
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
    IServiceProvider callServices,
    RegistrationDesk desk,
    NetworkCalendar calendar) : ExperienceService.ExperienceServiceBase
{
    // The call's database context, and what uses it, are taken from the call's services when a
    // method first needs them: renting and returning a pooled context costs every call that
    // takes one, and the service's info and the cached reads never touch the database
    // (docs/performance.md, "service-defaults").
    private ExperienceDbContext Db => field ??= callServices.GetRequiredService<ExperienceDbContext>();
    private IdempotentRequests<ExperienceDbContext> Requests => field ??= callServices.GetRequiredService<IdempotentRequests<ExperienceDbContext>>();
    private PartnerDirectory Partners => field ??= callServices.GetRequiredService<PartnerDirectory>();
    private Seats Seats => field ??= callServices.GetRequiredService<Seats>();
    private Enrolment Enrolment => field ??= callServices.GetRequiredService<Enrolment>();
    private Cancellation Cancellation => field ??= callServices.GetRequiredService<Cancellation>();

    [Authorize(Scopes.ExperienceRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());
}
