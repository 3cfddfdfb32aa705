using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Experience.Experiences;
using Platform.Experience.Registrations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience;

/// <summary>Registrations with a waitlist, cancellations that promote, and attendance.</summary>
public sealed partial class ExperienceGrpcService
{
    private const int NameLimit = 200;
    private const int EmailLimit = 254;
    private const int RoleLimit = 100;
    private const int CheckInLimit = 1000;

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Registration> Register(Proto.RegisterRequest request, ServerCallContext context)
    {
        var validation = new Validation()
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("full_name", request.FullName).MaxLength("full_name", request.FullName, NameLimit)
            .Required("email", request.Email).MaxLength("email", request.Email, EmailLimit).Email("email", request.Email.Trim())
            .MaxLength("organization_name", request.OrganizationName, NameLimit)
            .MaxLength("role", request.Role, RoleLimit);
        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        var sessionId = Fields.OptionalId(validation, "session_id", request.SessionId);
        var organizationId = Fields.OptionalId(validation, "organization_id", request.OrganizationId);
        validation.ThrowIfInvalid();
        var experience = experienceId!.Value;
        var professional = new Professional(Professionals.IdOf(request.Email), request.FullName.Trim(), request.Email.Trim(), request.OrganizationName.Trim(), organizationId, request.Role.Trim());

        if (string.IsNullOrEmpty(request.RequestId))
        {
            // Registrations for one session that arrive together are taken in together.
            return await desk.RegisterAsync(experience, sessionId, professional, context.CancellationToken);
        }

        // With a request id, alone: the id and the answer are stored with the registration.
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(Register), async cancellationToken =>
            (await Enrolment.EnrolAsync(experience, sessionId, [new Applicant(professional)], cancellationToken))[0],
            context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Registration> CancelRegistration(Proto.CancelRegistrationRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit).MaxLength("reason", request.Reason, ExperienceMessages.ReasonLimit);
        var id = Fields.RequiredId(validation, "registration_id", request.RegistrationId);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(CancelRegistration), async cancellationToken =>
        {
            var found = await Db.Registrations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
                ?? throw new NotFoundException("Registration", request.RegistrationId);
            // The experience first, as a registration takes it: cancelling or completing the
            // experience waits for this cancellation, or this one waits for it and sees its outcome.
            await ShareExperienceAsync(found.ExperienceId, cancellationToken);
            await Seats.LockAsync(Cancellation.PoolOf(found), cancellationToken);
            // Read again under the locks (a concurrent cancellation, of it or of its experience, or a
            // promotion may have changed it), and taken FOR UPDATE: a check-in of it (FOR KEY SHARE)
            // waits for this cancellation and finds it cancelled, or this one waits for the check-in.
            var registration = await Db.Registrations.FromSql($"SELECT * FROM registrations WHERE \"Id\" = {found.Id} FOR UPDATE").SingleAsync(cancellationToken);
            if (registration.Status == RegistrationStatus.Cancelled)
            {
                throw new FailedPreconditionException($"Registration '{registration.Id}' was already cancelled.");
            }

            await Cancellation.CancelAsync(registration, request.ByOrganizer ? "Organizer" : "Participant", Fields.NullIfEmpty(request.Reason), calendar.Now(), cancellationToken);
            await Db.SaveChangesAsync(cancellationToken);
            return RegistrationMessages.ToProto(registration, 0);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.ListRegistrationsResponse> ListRegistrations(Proto.ListRegistrationsRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        var sessionId = Fields.OptionalId(validation, "session_id", request.SessionId);
        var status = RegistrationMessages.ToStatus(request.Status);
        if (status is null && request.Status != Proto.RegistrationStatus.Unspecified)
        {
            validation.Add("status", "is not a known status");
        }

        validation.ThrowIfInvalid();
        var after = Fields.AfterKey(request.PageToken);
        if (!await Db.Experiences.AnyAsync(e => e.Id == experienceId, context.CancellationToken))
        {
            throw new NotFoundException("Experience", request.ExperienceId);
        }

        var query = Db.Registrations.AsNoTracking().Where(r => r.ExperienceId == experienceId);
        if (sessionId is { } session)
        {
            query = query.Where(r => r.SessionId == session);
        }

        if (status is { } s)
        {
            query = query.Where(r => r.Status == s);
        }

        // Waitlisted ones in waitlist order, the others in order of registration (ids are time-ordered).
        // Each session's waitlist numbers from 1, so across sessions the id breaks the ties.
        var ordered = status == RegistrationStatus.Waitlisted
            ? query.Where(r => after == null || r.WaitlistSequence > after.Value.Key || (r.WaitlistSequence == after.Value.Key && r.Id > after.Value.Id)).OrderBy(r => r.WaitlistSequence).ThenBy(r => r.Id)
            : query.Where(r => after == null || r.Id > after.Value.Id).OrderBy(r => r.Id);
        var pageSize = request.PageSize == 0 ? Fields.DefaultPageSize : request.PageSize;
        var page = await ordered.Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var positions = await WaitlistPositionsAsync(page, context.CancellationToken);
        var response = new Proto.ListRegistrationsResponse();
        response.Registrations.AddRange(page.Take(pageSize).Select(r => RegistrationMessages.ToProto(r, positions.GetValueOrDefault(r.Id))));
        if (page.Count > pageSize)
        {
            var end = page[pageSize - 1];
            response.NextPageToken = Fields.PageToken(end.WaitlistSequence ?? 0, end.Id);
        }

        return response;
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Attendance> CheckIn(Proto.CheckInRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var registrationId = Fields.RequiredId(validation, "registration_id", request.RegistrationId);
        var sessionId = Fields.OptionalId(validation, "session_id", request.SessionId);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(CheckIn), async cancellationToken =>
        {
            var registration = await Db.Registrations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == registrationId, cancellationToken)
                ?? throw new NotFoundException("Registration", request.RegistrationId);
            if (registration.SessionId is { } own && sessionId is { } asked && own != asked)
            {
                new Validation().Add("session_id", "is not the session this registration is for").ThrowIfInvalid();
            }

            var (session, experience) = await SessionForCheckInAsync(registration.SessionId ?? sessionId, registration.ExperienceId, cancellationToken);
            // Its status as it is once no cancellation of it is in flight.
            await RecordAttendanceAsync(session, experience, await ShareRegistrationsAsync([registration.Id], cancellationToken), cancellationToken);
            // New or recorded before: the attendance as it is stored.
            return RegistrationMessages.ToProto(await Db.Attendances.AsNoTracking().SingleAsync(a => a.RegistrationId == registration.Id && a.SessionId == session.Id, cancellationToken));
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.CheckInManyResponse> CheckInMany(Proto.CheckInManyRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var sessionId = Fields.RequiredId(validation, "session_id", request.SessionId);
        if (request.RegistrationIds.Count is 0 or > CheckInLimit)
        {
            validation.Add("registration_ids", $"must name 1 to {CheckInLimit} registrations");
        }

        var ids = new HashSet<Guid>();
        for (var i = 0; i < request.RegistrationIds.Count && i < CheckInLimit; i++)
        {
            if (Fields.RequiredId(validation, $"registration_ids[{i}]", request.RegistrationIds[i]) is { } id)
            {
                ids.Add(id);
            }
        }

        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(CheckInMany), async cancellationToken =>
        {
            var (session, experience) = await SessionForCheckInAsync(sessionId, null, cancellationToken);
            var registrations = await ShareRegistrationsAsync(ids, cancellationToken);
            var strangers = ids.Except(registrations.Where(r => r.ExperienceId == session.ExperienceId && (r.SessionId == null || r.SessionId == session.Id)).Select(r => r.Id)).ToList();
            if (strangers.Count > 0)
            {
                new Validation().Add("registration_ids", $"{strangers.Count} are not registrations for this session, e.g. '{strangers[0]}'").ThrowIfInvalid();
            }

            var added = await RecordAttendanceAsync(session, experience, registrations, cancellationToken);
            return new Proto.CheckInManyResponse { CheckedIn = added.Count, AlreadyCheckedIn = registrations.Count - added.Count };
        }, context.CancellationToken);
    }

    /// <summary>For each waitlisted registration: its place among those still waiting in its pool, 1 first.</summary>
    private async Task<Dictionary<Guid, int>> WaitlistPositionsAsync(IEnumerable<Registration> registrations, CancellationToken cancellationToken)
    {
        var waiting = registrations.Where(r => r.Status == RegistrationStatus.Waitlisted).ToList();
        var pools = waiting.Select(r => r.PoolId).Distinct().ToList();
        var queues = (await Db.Registrations.AsNoTracking()
                .Where(r => pools.Contains(r.PoolId) && r.Status == RegistrationStatus.Waitlisted)
                .Select(r => new { r.PoolId, r.WaitlistSequence })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.PoolId, r => r.WaitlistSequence);
        return waiting.ToDictionary(r => r.Id, r => queues[r.PoolId].Count(sequence => sequence <= r.WaitlistSequence));
    }
}
