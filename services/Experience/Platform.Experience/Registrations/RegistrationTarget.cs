using Microsoft.EntityFrameworkCore;
using Platform.Experience.Data;
using Platform.Experience.Experiences;
using Platform.Experience.Formats;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Experience.Registrations;

/// <summary>The session a registration asks for, as far as registering needs it.</summary>
public sealed record TargetSession(Guid Id, int Sequence, DateTimeOffset EndsAt);

/// <summary>
/// What a registration checks about its experience and session, read in one query (a
/// registration is the busiest call of a big screening, so it costs one round trip, not two).
/// The experience row is read <c>FOR KEY SHARE</c> and stays so until the registration commits:
/// cancelling or completing it (<c>FOR UPDATE</c>) waits for registrations in flight, and a
/// registration waits for a cancellation in flight and then sees the experience cancelled.
/// Registrations do not wait for each other: the waitlist counters' updates and the pool lock
/// of a cancelled registration (<c>FOR NO KEY UPDATE</c>) do not conflict with it.
/// </summary>
public sealed record RegistrationTarget(string Title, ExperienceStatus Status, ExperienceKind Kind, bool RegistersForSeries, TargetSession? Session)
{
    /// <summary>The experience and, when <paramref name="sessionId"/> is given, its session of that id; null when the experience does not exist.</summary>
    public static Task<RegistrationTarget?> ReadAsync(ExperienceDbContext db, Guid experienceId, Guid? sessionId, CancellationToken cancellationToken) =>
        db.Experiences.FromSql($"SELECT * FROM experiences WHERE \"Id\" = {experienceId} FOR KEY SHARE").AsNoTracking()
            .Select(e => new RegistrationTarget(
                e.Title,
                e.Status,
                e.Kind,
                e.RegistersForSeries,
                db.Sessions.Where(s => s.Id == sessionId && s.ExperienceId == e.Id).Select(s => new TargetSession(s.Id, s.Sequence, s.EndsAt)).FirstOrDefault()))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>The pool a registration for <paramref name="sessionId"/> (or the series) takes its seat from, if registering is open at <paramref name="now"/>.</summary>
    public Pool PoolOf(Guid experienceId, Guid? sessionId, DateTimeOffset now)
    {
        if (!Lifecycle.IsOpen(Status))
        {
            throw new FailedPreconditionException($"Experience '{Title}' is {Status}: registration is open while it is Scheduled or Running.");
        }

        if (RegistersForSeries)
        {
            if (sessionId is not null)
            {
                new Validation().Add("session_id", $"must be empty: professionals register for the whole {Kind} series").ThrowIfInvalid();
            }

            return Pool.OfSeries(experienceId);
        }

        if (sessionId is null)
        {
            new Validation().Add("session_id", $"is required: professionals register for one session of a {Kind}").ThrowIfInvalid();
        }

        var session = Session ?? throw new NotFoundException("Session", sessionId.ToString()!);
        if (session.EndsAt <= now)
        {
            throw new FailedPreconditionException($"Session {session.Sequence} of '{Title}' has ended.");
        }

        return Pool.OfSession(session.Id);
    }
}
