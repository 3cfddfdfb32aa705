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

            // Read as a check-in reads it (after the session): a cancellation or completion of the
            // experience in flight is waited for, and its cancelled registrations are no seat holders.
            var experience = await ShareExperienceAsync(session.ExperienceId, cancellationToken);
            var unrecorded = await SeatHolders(session)
                .Where(r => !Db.Attendances.Any(a => a.RegistrationId == r.Id && a.SessionId == session.Id))
                .Select(r => r.Id)
                .ToListAsync(cancellationToken);
            // Read again as a check-in reads them: a seat holder being cancelled is waited for and left out.
            var absent = (await ShareRegistrationsAsync(unrecorded, cancellationToken)).Where(r => r.Status == RegistrationStatus.Registered).ToList();
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
                    HostPartnerIds = experience.HostPartnerIds,
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
    /// The registrations with <paramref name="ids"/>, read <c>FOR KEY SHARE</c> in id order until the
    /// transaction ends, by whatever only a seat holder may do (check in, be marked a no-show, give
    /// feedback, commit to an action), after the experience and a check-in's session: the order
    /// every lock is taken in, the experience row, then registrations by id. A cancellation takes
    /// its registration <c>FOR UPDATE</c>: one in flight is waited for and the registration is read
    /// cancelled, and one arriving later waits for this transaction. Registrations, promotions and
    /// other check-ins (<c>FOR NO KEY UPDATE</c> or <c>FOR KEY SHARE</c>) are not waited for.
    /// </summary>
    private Task<List<Registration>> ShareRegistrationsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        Db.Registrations.FromSql($"SELECT * FROM registrations WHERE \"Id\" = ANY({ids.ToArray()}) ORDER BY \"Id\" FOR KEY SHARE").AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>
    /// Records Attended for each of <paramref name="registrations"/> not yet recorded for the
    /// session, each with its ParticipantAttended, and returns the ids newly recorded. One recorded
    /// before, or by another check-in at the same moment, is left as it is (the first one counts),
    /// never refused. Rows go in in id order, so two overlapping lists wait for each other's rows in
    /// one order and cannot deadlock.
    /// </summary>
    private async Task<HashSet<Guid>> RecordAttendanceAsync(Session session, Experiences.Experience experience, IReadOnlyCollection<Registration> registrations, CancellationToken cancellationToken)
    {
        if (registrations.FirstOrDefault(r => r.Status != RegistrationStatus.Registered) is { } notSeated)
        {
            throw new FailedPreconditionException($"Registration '{notSeated.Id}' of {notSeated.FullName} is {notSeated.Status}: only seat holders check in.");
        }

        var now = calendar.Now();
        var ids = registrations.Select(r => r.Id).ToArray();
        var added = (await Db.Database.SqlQuery<Guid>($"""
            INSERT INTO attendances ("RegistrationId", "SessionId", "Status", "RecordedAt")
            SELECT id, {session.Id}, {nameof(AttendanceStatus.Attended)}, {now} FROM unnest({ids}) AS id ORDER BY id
            ON CONFLICT DO NOTHING
            RETURNING "RegistrationId" AS "Value"
            """).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var registration in registrations.Where(r => added.Contains(r.Id)))
        {
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

        await Db.SaveChangesAsync(cancellationToken);
        return added;
    }
}
