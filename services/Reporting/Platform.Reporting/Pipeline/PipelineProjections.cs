using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Pipeline;

public sealed class OrganizationRegisteredProjection : IProjection<OrganizationRegistered>
{
    public async Task ApplyAsync(OrganizationRegistered evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Organization.FindOrAddAsync(projection, evt.OrganizationId, evt.Name, evt.Sector, evt.Stage, evt.OccurredAt, cancellationToken);

        // Found: created by a later event, whose stage, name and sector win unless only an update (no stage) came first.
        Organization.MoveTo(record, evt.Stage, evt.Name, evt.Sector, evt.OccurredAt);
        if (record.EnteredStage is null)
        {
            record.EnteredStage = evt.Stage;
            projection.Figures.Add(Metrics.OrganizationsRegistered, projection.DayOf(evt.OccurredAt), 1, evt.Sector);
        }
    }
}

public sealed class PipelineStageChangedProjection : IProjection<PipelineStageChanged>
{
    public async Task ApplyAsync(PipelineStageChanged evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Organization.FindOrAddAsync(projection, evt.OrganizationId, evt.OrganizationName, evt.Sector, evt.ToStage, evt.OccurredAt, cancellationToken);
        Organization.MoveTo(record, evt.ToStage, evt.OrganizationName, evt.Sector, evt.OccurredAt);
    }
}

/// <summary>A new partner; from Lead, Contacted or Proposal it is a Lead→Partner conversion (counted once per organization).</summary>
public sealed class PartnerJoinedProjection : IProjection<PartnerJoined>
{
    private static readonly HashSet<string> LeadStages = new(StringComparer.Ordinal) { "Lead", "Contacted", "Proposal" };

    public async Task ApplyAsync(PartnerJoined evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Organization.FindOrAddAsync(projection, evt.OrganizationId, evt.OrganizationName, evt.Sector, Organization.Partner, evt.OccurredAt, cancellationToken);
        Organization.MoveTo(record, Organization.Partner, evt.OrganizationName, evt.Sector, evt.OccurredAt);
        record.ConvertedFromLead |= LeadStages.Contains(evt.PreviousStage);
        projection.Figures.Add(Metrics.PartnersJoined, projection.DayOf(evt.OccurredAt), 1, evt.Sector);
    }
}

public sealed class PartnerLeftProjection : IProjection<PartnerLeft>
{
    public async Task ApplyAsync(PartnerLeft evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Organization.FindOrAddAsync(projection, evt.OrganizationId, evt.OrganizationName, evt.Sector, evt.ToStage, evt.OccurredAt, cancellationToken);
        Organization.MoveTo(record, evt.ToStage, evt.OrganizationName, evt.Sector, evt.OccurredAt);
        projection.Figures.Add(Metrics.PartnersLeft, projection.DayOf(evt.OccurredAt), 1, evt.Sector);
    }
}

internal static class Organization
{
    public const string Lead = "Lead";
    public const string Partner = "Partner";

    /// <summary>Until a stage event arrives: an organization known only from an update.</summary>
    public const string StageUnknown = "";

    /// <summary>The organization's row, created from whichever of its events arrives first; <paramref name="stage"/> null for an event that states none.</summary>
    public static async Task<OrganizationRecord> FindOrAddAsync(Projection projection, Guid organizationId, string name, string sector, string? stage, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var db = projection.Db;
        var record = await projection.LockedAsync(db.Organizations, "organizations", "OrganizationId", organizationId, cancellationToken);
        if (record is null)
        {
            record = new OrganizationRecord
            {
                OrganizationId = organizationId,
                Name = name,
                Sector = sector,
                DescribedAt = at,
                Stage = stage ?? StageUnknown,
                StageChangedAt = stage is null ? DateTimeOffset.MinValue : at,
            };
            db.Organizations.Add(record);
        }

        return record;
    }

    /// <summary>The stage of the latest change wins, whatever order the changes arrive in; so do the name and sector it states.</summary>
    public static void MoveTo(OrganizationRecord record, string stage, string name, string sector, DateTimeOffset at)
    {
        if (at >= record.StageChangedAt)
        {
            (record.Stage, record.StageChangedAt) = (stage, at);
        }

        Describe(record, name, sector, at);
    }

    /// <summary>
    /// The name and sector of the latest event that states them win (a stage event states those of its
    /// moment, an update the changed ones), whatever order the events arrive in.
    /// </summary>
    public static void Describe(OrganizationRecord record, string name, string sector, DateTimeOffset at)
    {
        if (at >= record.DescribedAt)
        {
            (record.Name, record.Sector, record.DescribedAt) = (name, sector, at);
        }
    }
}
