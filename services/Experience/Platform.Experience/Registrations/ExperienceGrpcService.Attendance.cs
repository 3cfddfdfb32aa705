using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Experience.Experiences;
using Platform.Experience.Registrations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience;

/// <summary>Attendance: check-ins and, once a session has ended, its no-shows.</summary>
public sealed partial class ExperienceGrpcService
{
    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.MarkNoShowsResponse> MarkNoShows(Proto.MarkNoShowsRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var sessionId = Fields.RequiredId(validation, "session_id", request.SessionId);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(MarkNoShows), async cancellationToken =>
        {
            var session = await Db.Sessions.FromSql($"SELECT * FROM sessions WHERE \"Id\" = {sessionId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Session", request.SessionId);
            var now = calendar.Now();
            if (session.EndsAt > now)
            {
                throw new FailedPreconditionException($"Session {session.Sequence} ends at {session.EndsAt:u}; no-shows are marked after it has ended.");
            }

            if (session.AttendanceClosedAt is not null)
            {
                return new Proto.MarkNoShowsResponse();
            }

            var experience = await Db.Experiences.AsNoTracking().SingleAsync(e => e.Id == session.ExperienceId, cancellationToken);
            var absent = await SeatHolders(session)
                .Where(r => !Db.Attendances.Any(a => a.RegistrationId == r.Id && a.SessionId == session.Id))
                .ToListAsync(cancellationToken);
            foreach (var registration in absent)
            {
                Db.Attendances.Add(new Attendance { RegistrationId = registration.Id, SessionId = session.Id, Status = AttendanceStatus.NoShow, RecordedAt = now });
                Db.AddEvent(new ParticipantNoShow
                {
                    EventId = Guid.CreateVersion7(),
                    OccurredAt = now,
                    RegistrationId = registration.Id,
                    ExperienceId = experience.Id,
                    SessionId = session.Id,
                    ProfessionalId = registration.ProfessionalId,
                    SessionStartsAt = session.StartsAt,
                }, registration.Id);
            }

            session.CloseAttendance(now);
            await Db.SaveChangesAsync(cancellationToken);
            return new Proto.MarkNoShowsResponse { NoShows = absent.Count };
        }, context.CancellationToken);
    }

    /// <summary>Who holds a seat in the session: its own registrations and, for a series, the series'.</summary>
    private IQueryable<Registration> SeatHolders(Session session) =>
        Db.Registrations.Where(r => r.Status == RegistrationStatus.Registered && r.ExperienceId == session.ExperienceId && (r.SessionId == session.Id || r.SessionId == null));

    /// <summary>
    /// The session a check-in is for (of <paramref name="experienceId"/> when given) and its
    /// experience, while the experience is open and the session's attendance not yet closed. Both
    /// rows are read <c>FOR KEY SHARE</c> until the check-in commits: marking the session's
    /// no-shows and completing or cancelling the experience (<c>FOR UPDATE</c>) wait for check-ins
    /// in flight, and a check-in arriving during one of them waits and then sees the attendance
    /// closed or the experience closed. Check-ins do not wait for each other or for registrations.
    /// </summary>
    private async Task<(Session Session, Experiences.Experience Experience)> SessionForCheckInAsync(Guid? sessionId, Guid? experienceId, CancellationToken cancellationToken)
    {
        if (sessionId is null)
        {
            new Validation().Add("session_id", "is required to check in a registration for a whole series").ThrowIfInvalid();
        }

        var session = await Db.Sessions.FromSql($"SELECT * FROM sessions WHERE \"Id\" = {sessionId!.Value} FOR KEY SHARE").AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (session is null || (experienceId is not null && session.ExperienceId != experienceId))
        {
            throw new NotFoundException("Session", sessionId.Value.ToString());
        }

        var experience = await ShareExperienceAsync(session.ExperienceId, cancellationToken);
        if (!Lifecycle.IsOpen(experience.Status))
        {
            throw new FailedPreconditionException($"The experience is {experience.Status}: attendance is recorded while it is Scheduled or Running.");
        }

        if (session.AttendanceClosedAt is not null)
        {
            throw new FailedPreconditionException($"Attendance of session {session.Sequence} was closed when its no-shows were marked.");
        }

        return (session, experience);
    }

    /// <summary>
    /// Records Attended for each of <paramref name="registrations"/> not yet recorded for the
    /// session, each with its ParticipantAttended; returns the attendance of all of them and how
    /// many were new.
    /// </summary>
    private async Task<(List<Attendance> Records, int Added)> RecordAttendanceAsync(Session session, Experiences.Experience experience, IReadOnlyCollection<Registration> registrations, CancellationToken cancellationToken)
    {
        if (registrations.FirstOrDefault(r => r.Status != RegistrationStatus.Registered) is { } notSeated)
        {
            throw new FailedPreconditionException($"Registration '{notSeated.Id}' of {notSeated.FullName} is {notSeated.Status}: only seat holders check in.");
        }

        var ids = registrations.Select(r => r.Id).ToList();
        var existing = await Db.Attendances.AsNoTracking().Where(a => a.SessionId == session.Id && ids.Contains(a.RegistrationId)).ToListAsync(cancellationToken);
        var now = calendar.Now();
        var added = new List<Attendance>();
        foreach (var registration in registrations.Where(r => existing.All(a => a.RegistrationId != r.Id)))
        {
            var attendance = new Attendance { RegistrationId = registration.Id, SessionId = session.Id, Status = AttendanceStatus.Attended, RecordedAt = now };
            added.Add(attendance);
            Db.AddEvent(new ParticipantAttended
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = now,
                RegistrationId = registration.Id,
                ExperienceId = experience.Id,
                SessionId = session.Id,
                ProfessionalId = registration.ProfessionalId,
                ExperienceKind = experience.Kind.ToString(),
                HostPartnerIds = experience.HostPartnerIds,
                SessionStartsAt = session.StartsAt,
                HoursAttended = session.Hours,
            }, registration.Id);
        }

        Db.Attendances.AddRange(added);
        // A check-in racing with another for the same person: the first one counts.
        await Db.SaveOrRejectAsync("This professional was checked in at the same moment by another request.", "The attendance changed at the same time.", cancellationToken);
        return ([.. existing, .. added], added.Count);
    }
}
