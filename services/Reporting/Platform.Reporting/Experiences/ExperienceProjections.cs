using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Experiences;

public sealed class ExperienceScheduledProjection : IProjection<ExperienceScheduled>
{
    public async Task ApplyAsync(ExperienceScheduled evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Experience.FindOrAddAsync(projection, evt.ExperienceId, evt.ExperienceKind, evt.FormatId, evt.HostPartnerIds, cancellationToken);

        // Only this event names the experience: no title yet means it is counted now.
        if (record.Title is null)
        {
            projection.Figures.Add(Metrics.ExperiencesScheduled, projection.DayOf(evt.OccurredAt), 1, evt.ExperienceKind);
        }

        (record.Title, record.FormatName, record.Kind, record.FormatId, record.HostPartnerIds) = (evt.Title, evt.FormatName, evt.ExperienceKind, evt.FormatId, [.. evt.HostPartnerIds]);
    }
}

public sealed class ExperienceCompletedProjection : IProjection<ExperienceCompleted>
{
    public async Task ApplyAsync(ExperienceCompleted evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Experience.FindOrAddAsync(projection, evt.ExperienceId, evt.ExperienceKind, evt.FormatId, evt.HostPartnerIds, cancellationToken);
        if (record.Status != Experience.Completed)
        {
            record.Status = Experience.Completed;
            projection.Figures.Add(Metrics.ExperiencesCompleted, projection.DayOf(evt.OccurredAt), 1, evt.ExperienceKind);
        }
    }
}

public sealed class ExperienceCancelledProjection : IProjection<ExperienceCancelled>
{
    public async Task ApplyAsync(ExperienceCancelled evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Experience.FindOrAddAsync(projection, evt.ExperienceId, evt.ExperienceKind, null, evt.HostPartnerIds, cancellationToken);
        if (record.Status == Experience.Scheduled)
        {
            record.Status = Experience.Cancelled;
            projection.Figures.Add(Metrics.ExperiencesCancelled, projection.DayOf(evt.OccurredAt), 1, evt.ExperienceKind);
        }
    }
}

/// <summary>A phase run: counted per phase name, with the manual's steps it skipped.</summary>
public sealed class PhaseCompletedProjection : IProjection<PhaseCompleted>
{
    public async Task ApplyAsync(PhaseCompleted evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Experience.FindOrAddAsync(projection, evt.ExperienceId, string.Empty, evt.FormatId, [], cancellationToken);
        record.PhasesCompleted++;
        record.StepsSkipped += evt.SkippedSteps.Count;
        var day = projection.DayOf(evt.OccurredAt);
        projection.Figures.Add(Metrics.PhasesCompleted, day, 1, evt.PhaseName);
        projection.Figures.Add(Metrics.StepsSkipped, day, evt.SkippedSteps.Count, evt.PhaseName);
    }
}

internal static class Experience
{
    public const string Scheduled = "Scheduled";
    public const string Completed = "Completed";
    public const string Cancelled = "Cancelled";

    /// <summary>The experience's row, created from whichever of its events arrives first (kind empty until one that names it).</summary>
    public static async Task<ExperienceRecord> FindOrAddAsync(Projection projection, Guid experienceId, string kind, Guid? formatId, IReadOnlyList<Guid> hosts, CancellationToken cancellationToken)
    {
        var db = projection.Db;
        var record = await projection.LockedAsync(db.Experiences, "experiences", "ExperienceId", experienceId, cancellationToken);
        if (record is not null)
        {
            if (record.Kind.Length == 0 && kind.Length > 0)
            {
                (record.Kind, record.HostPartnerIds) = (kind, [.. hosts]);
            }

            return record;
        }

        record = new ExperienceRecord { ExperienceId = experienceId, Kind = kind, FormatId = formatId ?? Guid.Empty, HostPartnerIds = [.. hosts], Status = Scheduled };
        db.Experiences.Add(record);
        return record;
    }
}
