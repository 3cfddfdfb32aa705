using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;

namespace Platform.Reporting.Tests;

/// <summary>
/// A figure read while some of its events are still on their way (28 queues, any order) counts only
/// what its base knows: no blank stage. On the Reporting service without the
/// scenario, so the shared scenario's figures stay as they are.
/// </summary>
[Collection(BlankReportingServers.Name)]
public sealed class EarlyEventTests(BlankReporting reporting)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_organization_known_only_from_an_update_is_left_out_of_partners_by_stage_until_its_stage_arrives()
    {
        var organization = Guid.NewGuid();
        var before = await reporting.SummaryAsync(Cancel);

        await reporting.TakeInAsync([new OrganizationUpdated { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-03-01T09:00:00Z"), OrganizationId = organization, Name = "Hogeschool West", Sector = "Education", Region = "Utrecht", EmployeeCount = 800 }], Cancel);
        var updatedOnly = await reporting.SummaryAsync(Cancel);
        await reporting.TakeInAsync([new OrganizationRegistered { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-01-06T09:00:00Z"), OrganizationId = organization, Name = "Hogeschool Zuid", Sector = "Business", Stage = "Lead" }], Cancel);
        var registered = await reporting.SummaryAsync(Cancel);

        Assert.Empty(FigureChange.Between(ByStage(before), ByStage(updatedOnly)));
        Assert.Equal([("Lead", 1L)], FigureChange.Between(ByStage(before), ByStage(registered)));
    }

    private static IEnumerable<(string, long)> ByStage(ImpactSummary summary) => summary.PartnersByStage.Select(s => (s.Stage, s.Organizations));
}
