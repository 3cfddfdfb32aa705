using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Pipeline;

public sealed class ExpertRegisteredProjection : IProjection<ExpertRegistered>
{
    public Task ApplyAsync(ExpertRegistered evt, Projection projection, CancellationToken cancellationToken)
    {
        projection.Figures.Add(Metrics.Experts, projection.DayOf(evt.OccurredAt));
        return Task.CompletedTask;
    }
}

public sealed class ExpertEngagedProjection : IProjection<ExpertEngaged>
{
    public async Task ApplyAsync(ExpertEngaged evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Engagement.FindOrAddAsync(projection, evt.EngagementId, evt.ExpertId, evt.OrganizationId, evt.ExperienceId, evt.PlannedHours, cancellationToken);
        record.PlannedHours = Projection.Hours(evt.PlannedHours);
    }
}

/// <summary>A closed engagement: its logged hours are the coaching hours, counted once.</summary>
public sealed class EngagementCompletedProjection : IProjection<EngagementCompleted>
{
    public async Task ApplyAsync(EngagementCompleted evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Engagement.FindOrAddAsync(projection, evt.EngagementId, evt.ExpertId, evt.OrganizationId, evt.ExperienceId, evt.PlannedHours, cancellationToken);
        if (record.LoggedHours is null)
        {
            record.LoggedHours = Projection.Hours(evt.LoggedHours);
            projection.Figures.Add(Metrics.CoachingHours, projection.DayOf(evt.OccurredAt), record.LoggedHours.Value);
        }
    }
}

internal static class Engagement
{
    public static async Task<EngagementRecord> FindOrAddAsync(Projection projection, Guid engagementId, Guid expertId, Guid organizationId, Guid? experienceId, double plannedHours, CancellationToken cancellationToken)
    {
        var db = projection.Db;
        var record = await projection.LockedAsync(db.Engagements, "engagements", "EngagementId", engagementId, cancellationToken);
        if (record is null)
        {
            record = new EngagementRecord { EngagementId = engagementId, ExpertId = expertId, OrganizationId = organizationId, ExperienceId = experienceId, PlannedHours = Projection.Hours(plannedHours) };
            db.Engagements.Add(record);
        }

        return record;
    }
}
