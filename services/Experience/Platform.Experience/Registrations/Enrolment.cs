using System.Diagnostics;
using Platform.Experience.Data;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience.Registrations;

/// <summary>A professional asking for a seat, with the trace of the call that asked (its event continues that trace).</summary>
public sealed record Applicant(Professional Professional)
{
    public Activity? Call { get; } = Activity.Current;
}

/// <summary>
/// Registers applicants for one experience and session (or its series) inside the caller's
/// transaction: checks the experience once, seats as many as the pool has room for in the order
/// they came and waitlists the rest in that order, with each one's event in the outbox. One
/// already registered fails the whole call with <c>AlreadyExists</c> (the unique index decides).
/// </summary>
public sealed class Enrolment(ExperienceDbContext db, Seats seats, NetworkCalendar calendar)
{
    public async Task<IReadOnlyList<Proto.Registration>> EnrolAsync(Guid experienceId, Guid? sessionId, IReadOnlyList<Applicant> applicants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applicants);
        var target = await RegistrationTarget.ReadAsync(db, experienceId, sessionId, cancellationToken)
            ?? throw new NotFoundException("Experience", experienceId.ToString());
        var now = calendar.Now();
        var pool = target.PoolOf(experienceId, sessionId, now);
        var seat = await seats.TakeAsync(pool, applicants.Count, cancellationToken);
        var answers = new List<Proto.Registration>(applicants.Count);
        var caller = Activity.Current;
        var ids = Registration.NewIds(applicants.Count, now);
        for (var i = 0; i < applicants.Count; i++)
        {
            var professional = applicants[i].Professional;
            var seated = i < seat.Seated;
            var registration = seated
                ? Registration.Seat(ids[i], experienceId, sessionId, professional, now)
                : Registration.Waitlist(ids[i], experienceId, sessionId, professional, seat.FirstSequence + (i - seat.Seated), now);
            var position = seated ? 0 : seat.FirstPosition + (i - seat.Seated);
            db.Registrations.Add(registration);
            Activity.Current = applicants[i].Call ?? caller;
            if (seated)
            {
                RegistrationEvents.Registered(db, registration, now);
            }
            else
            {
                RegistrationEvents.Waitlisted(db, registration, position, now);
            }

            answers.Add(RegistrationMessages.ToProto(registration, position));
        }

        Activity.Current = caller;
        await db.InsertAddedOrRejectAsync(
            applicants.Count == 1
                ? $"{applicants[0].Professional.Email} is already registered for this {(sessionId is null ? "series" : "session")}."
                : $"One of {applicants.Count} professionals is already registered for this {(sessionId is null ? "series" : "session")}.",
            cancellationToken);
        return answers;
    }
}
