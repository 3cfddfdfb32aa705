using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Registrations;

/// <summary>A seat given: one registration counted once; a seat from the waitlist is a waitlist conversion.</summary>
public sealed class ParticipantRegisteredProjection : IProjection<ParticipantRegistered>
{
    public Task LockAheadAsync(IReadOnlyList<ParticipantRegistered> events, Projection projection, CancellationToken cancellationToken) =>
        Registration.LockAheadAsync(projection, events.Select(e => e.RegistrationId), cancellationToken);

    public async Task ApplyAsync(ParticipantRegistered evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Registration.FindOrAddAsync(projection, evt.RegistrationId, evt.ExperienceId, evt.SessionId, evt.ProfessionalId, cancellationToken);
        var day = projection.DayOf(evt.OccurredAt);
        if (!record.Seated)
        {
            record.Seated = true;
            projection.Figures.Add(Metrics.Registrations, day);
        }

        if (evt.FromWaitlist)
        {
            Registration.Promote(projection, record, day);
        }
    }
}

public sealed class ParticipantWaitlistedProjection : IProjection<ParticipantWaitlisted>
{
    public Task LockAheadAsync(IReadOnlyList<ParticipantWaitlisted> events, Projection projection, CancellationToken cancellationToken) =>
        Registration.LockAheadAsync(projection, events.Select(e => e.RegistrationId), cancellationToken);

    public async Task ApplyAsync(ParticipantWaitlisted evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Registration.FindOrAddAsync(projection, evt.RegistrationId, evt.ExperienceId, evt.SessionId, evt.ProfessionalId, cancellationToken);
        if (!record.Waitlisted)
        {
            record.Waitlisted = true;
            projection.Figures.Add(Metrics.Waitlisted, projection.DayOf(evt.OccurredAt));
        }
    }
}

public sealed class WaitlistPromotedProjection : IProjection<WaitlistPromoted>
{
    public Task LockAheadAsync(IReadOnlyList<WaitlistPromoted> events, Projection projection, CancellationToken cancellationToken) =>
        Registration.LockAheadAsync(projection, events.Select(e => e.RegistrationId), cancellationToken);

    public async Task ApplyAsync(WaitlistPromoted evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Registration.FindOrAddAsync(projection, evt.RegistrationId, evt.ExperienceId, evt.SessionId, evt.ProfessionalId, cancellationToken);

        // A promotion implies the waitlist, even when its ParticipantWaitlisted has not arrived yet.
        if (!record.Waitlisted)
        {
            record.Waitlisted = true;
            projection.Figures.Add(Metrics.Waitlisted, projection.DayOf(evt.WaitlistedAt));
        }

        Registration.Promote(projection, record, projection.DayOf(evt.OccurredAt));
    }
}

public sealed class RegistrationCancelledProjection : IProjection<RegistrationCancelled>
{
    public Task LockAheadAsync(IReadOnlyList<RegistrationCancelled> events, Projection projection, CancellationToken cancellationToken) =>
        Registration.LockAheadAsync(projection, events.Select(e => e.RegistrationId), cancellationToken);

    public async Task ApplyAsync(RegistrationCancelled evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Registration.FindOrAddAsync(projection, evt.RegistrationId, evt.ExperienceId, evt.SessionId, evt.ProfessionalId, cancellationToken);
        if (!record.Cancelled)
        {
            record.Cancelled = true;
            projection.Figures.Add(Metrics.Cancellations, projection.DayOf(evt.OccurredAt));
        }
    }
}

internal static class Registration
{
    public static Task LockAheadAsync(Projection projection, IEnumerable<Guid> registrationIds, CancellationToken cancellationToken) =>
        projection.LockAheadAsync(projection.Db.Registrations, "registrations", "RegistrationId", registrationIds, cancellationToken);

    public static async Task<RegistrationRecord> FindOrAddAsync(Projection projection, Guid registrationId, Guid experienceId, Guid? sessionId, string professionalId, CancellationToken cancellationToken)
    {
        var db = projection.Db;
        var record = await projection.LockedAsync(db.Registrations, "registrations", "RegistrationId", registrationId, cancellationToken);
        if (record is null)
        {
            record = new RegistrationRecord { RegistrationId = registrationId, ExperienceId = experienceId, SessionId = sessionId, ProfessionalId = professionalId };
            db.Registrations.Add(record);
        }

        return record;
    }

    public static void Promote(Projection projection, RegistrationRecord record, DateOnly day)
    {
        if (!record.Promoted)
        {
            record.Promoted = true;
            projection.Figures.Add(Metrics.WaitlistConversions, day);
        }
    }
}
