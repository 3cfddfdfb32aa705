using Microsoft.EntityFrameworkCore;
using Platform.Experience.Data;
using Platform.Experience.Experiences;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Experience.Registrations;

/// <summary>
/// Cancels a registration inside the caller's transaction, with its <c>RegistrationCancelled</c>:
/// a waitlist place just closes up; a seat goes to the first on the waitlist (<c>WaitlistPromoted</c>,
/// then <c>ParticipantRegistered</c>, the seat count stays) while the pool can still be attended,
/// else it is freed. The caller holds the experience row (<c>FOR KEY SHARE</c>) and the pool's lock
/// (<see cref="Seats.LockAsync"/>) and has read the registration again under them <c>FOR UPDATE</c>
/// (a check-in of it waits, then finds it cancelled). The one way a registration is given up: a
/// participant or organizer cancelling it, and an erasure of the professional.
/// </summary>
public sealed class Cancellation(ExperienceDbContext db, Seats seats)
{
    /// <summary>The seat pool of <paramref name="registration"/>: its session, or the experience for a series.</summary>
    public static Pool PoolOf(Registration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return registration.SessionId is { } session ? Pool.OfSession(session) : Pool.OfSeries(registration.ExperienceId);
    }

    /// <summary>Cancels <paramref name="registration"/>; a seat in one session that was used (checked in) is <c>FailedPrecondition</c>.</summary>
    public async Task CancelAsync(Registration registration, string cancelledBy, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var seat = await SeatAsync(registration, now, cancellationToken);
        if (seat.Used)
        {
            throw new FailedPreconditionException($"Registration '{registration.Id}' was checked in to its session: an attended seat is not cancelled.");
        }

        await CancelAsync(registration, seat.StillUsable, cancelledBy, reason, now, cancellationToken);
    }

    /// <summary>
    /// Cancels <paramref name="registration"/> if its place is still ahead: a waitlist place, or a
    /// seat that can still be used (the rule by which a freed seat goes to the waitlist); a seat in
    /// what is over stays. Returns whether it was cancelled. The erasure gives places up this way.
    /// </summary>
    public async Task<bool> GiveUpIfAheadAsync(Registration registration, string cancelledBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var seat = await SeatAsync(registration, now, cancellationToken);
        if (registration.Status != RegistrationStatus.Waitlisted && (!seat.StillUsable || seat.Used))
        {
            return false;
        }

        await CancelAsync(registration, seat.StillUsable, cancelledBy, reason: null, now, cancellationToken);
        return true;
    }

    private async Task CancelAsync(Registration registration, bool seatStillUsable, string cancelledBy, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pool = PoolOf(registration);
        var previous = registration.Status;
        registration.Cancel(now);
        RegistrationEvents.Cancelled(db, registration, previous, cancelledBy, reason, now);
        if (previous == RegistrationStatus.Waitlisted)
        {
            await seats.LeaveWaitlistAsync(pool, cancellationToken);
        }
        else if (seatStillUsable
            && await db.Registrations.Where(r => r.PoolId == registration.PoolId && r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.WaitlistSequence).FirstOrDefaultAsync(cancellationToken) is { } next)
        {
            // The freed seat goes to the first on the waitlist: the seat count stays.
            var waitlistedAt = next.WaitlistedAt ?? next.RegisteredAt;
            next.Promote();
            await seats.LeaveWaitlistAsync(pool, cancellationToken);
            RegistrationEvents.Promoted(db, next, waitlistedAt, now);
            RegistrationEvents.Registered(db, next, now);
        }
        else
        {
            await seats.ReleaseSeatAsync(pool, cancellationToken);
        }
    }

    /// <summary>
    /// Those of <paramref name="registrations"/> whose seat was used: a seat in one session that was
    /// checked in. It stays, whatever is cancelled (the registration, its professional's places
    /// ahead, the whole experience): what happened is not taken back. A series registration is never
    /// one: the sessions ahead are what giving it up frees.
    /// </summary>
    public IQueryable<Registration> WithUsedSeat(IQueryable<Registration> registrations) =>
        registrations.Where(r => r.Status == RegistrationStatus.Registered && r.SessionId != null
            && db.Attendances.Any(a => a.RegistrationId == r.Id && a.SessionId == r.SessionId && a.Status == AttendanceStatus.Attended));

    /// <summary>
    /// The seat <paramref name="registration"/> holds, in one query. <c>StillUsable</c>: a seat it frees
    /// goes to the waitlist, while registering is open (the experience Scheduled or Running) and, for a
    /// session, it has not ended and its attendance is not closed; later the seat is only released:
    /// nobody is promoted into a session that is over. <c>Used</c>: a seat in one session that was
    /// checked in, which stays (a check-in holds the registration <c>FOR KEY SHARE</c> until it
    /// commits, so under the caller's <c>FOR UPDATE</c> its attendance is seen); a series
    /// registration can still be given up after sessions attended, the sessions ahead are what it
    /// frees. The caller holds the pool's lock (attendance closes under it too) and the experience
    /// row (a lifecycle move waits). A waitlist place holds no seat: neither.
    /// </summary>
    private async Task<(bool StillUsable, bool Used)> SeatAsync(Registration registration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (registration.Status != RegistrationStatus.Registered)
        {
            return (false, false);
        }

        var (registrationId, sessionId) = (registration.Id, registration.SessionId);
        var used = WithUsedSeat(db.Registrations.Where(r => r.Id == registrationId));
        var state = await db.Experiences
            .Where(e => e.Id == registration.ExperienceId)
            .Select(e => new
            {
                e.Status,
                SessionAhead = sessionId == null || db.Sessions.Any(s => s.Id == sessionId && s.EndsAt > now && s.AttendanceClosedAt == null),
                Used = used.Any(),
            })
            .SingleAsync(cancellationToken);
        return (Lifecycle.IsOpen(state.Status) && state.SessionAhead, state.Used);
    }
}
