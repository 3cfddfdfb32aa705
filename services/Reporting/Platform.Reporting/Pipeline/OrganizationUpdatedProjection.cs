using Platform.Contracts.Events;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Pipeline;

/// <summary>
/// A changed name or sector: partners per sector and the partner report follow it. An update older than
/// the name and sector held (from any of the organization's events) is ignored; one that arrives before
/// the organization's registration creates its row with the stage unknown until then.
/// </summary>
public sealed class OrganizationUpdatedProjection : IProjection<OrganizationUpdated>
{
    public async Task ApplyAsync(OrganizationUpdated evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Organization.FindOrAddAsync(projection, evt.OrganizationId, evt.Name, evt.Sector, stage: null, evt.OccurredAt, cancellationToken);
        Organization.Describe(record, evt.Name, evt.Sector, evt.OccurredAt);
    }
}
