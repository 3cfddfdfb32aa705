using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;

namespace Platform.Reporting.Tests;

/// <summary>
/// An organization's changed name and sector (OrganizationUpdated) reach the figures, whatever order
/// its events arrive in. On the Reporting service without the scenario, so the shared scenario's figures stay as they are.
/// </summary>
[Collection(BlankReportingServers.Name)]
public sealed class OrganizationUpdateTests(BlankReporting reporting)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_changed_name_and_sector_show_in_the_partner_report_and_partners_by_sector_and_older_events_arriving_later_do_not_bring_the_old_ones_back()
    {
        var partner = Guid.NewGuid();
        var lead = Guid.NewGuid();
        var before = await reporting.SummaryAsync(Cancel);

        // The partner's registration and its later change of name and sector come first; its way through
        // the pipeline (stating the old name and sector) and an earlier change arrive after them. The
        // lead's change arrives before its registration.
        IIntegrationEvent[] first =
        [
            Registered(partner, "Gemeente Rijnwaarde", "Government", "2026-01-05T09:00:00Z"),
            Updated(partner, "Stichting Rijnwaarde", "Nonprofit", "2026-04-01T09:00:00Z"),
            Updated(lead, "Hogeschool Noord", "Education", "2026-03-01T09:00:00Z"),
        ];
        IIntegrationEvent[] later =
        [
            Moved(partner, "Lead", "Contacted", "2026-01-20T10:00:00Z"),
            Moved(partner, "Contacted", "Proposal", "2026-02-10T10:00:00Z"),
            Moved(partner, "Proposal", "Partner", "2026-03-01T10:00:00Z"),
            new PartnerJoined { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-03-01T10:00:00Z"), OrganizationId = partner, OrganizationName = "Gemeente Rijnwaarde", Sector = "Government", PreviousStage = "Proposal", RegisteredAt = Scenario.At("2026-01-05T09:00:00Z") },
            Updated(partner, "Gemeente Rijnwaarde-Oost", "Government", "2026-02-01T09:00:00Z"),
            Registered(lead, "Hogeschool Zuid", "Business", "2026-01-06T09:00:00Z"),
        ];

        foreach (var evt in first)
        {
            await reporting.Publisher.PublishAsync(evt, Cancel);
        }

        // The two arrive on two queues: the change may be taken in before the registration, the stage then empty.
        var renamed = (await Eventually.ReachesAsync(() => KnownReportAsync(partner), r => r is { Name: "Stichting Rijnwaarde", Stage: "Lead" }))!;
        foreach (var evt in later)
        {
            await reporting.Publisher.PublishAsync(evt, Cancel);
        }

        await ReportingFixture.JournalHoldsAsync(reporting.App, [.. first.Concat(later).Select(e => e.EventId)]);
        var partnerReport = await ReportAsync(partner);
        var leadReport = await ReportAsync(lead);
        var after = await reporting.SummaryAsync(Cancel);

        Assert.Equal("Nonprofit", renamed.Sector);
        Assert.Equal(("Stichting Rijnwaarde", "Nonprofit", "Partner"), (partnerReport.Name, partnerReport.Sector, partnerReport.Stage));
        Assert.Equal(("Hogeschool Noord", "Education", "Lead"), (leadReport.Name, leadReport.Sector, leadReport.Stage));
        Assert.Equal([("Nonprofit", 1L)], FigureChange.Between(BySector(before), BySector(after)));
        Assert.Equal([("Lead", 1L), ("Partner", 1L)], FigureChange.Between(ByStage(before), ByStage(after)));
        Assert.Equal((2L, 1L), (after.Pipeline.LeadsEntered - before.Pipeline.LeadsEntered, after.Pipeline.LeadsConverted - before.Pipeline.LeadsConverted));
    }

    private static IEnumerable<(string, long)> BySector(ImpactSummary summary) => summary.Pipeline.PartnersBySector.Select(s => (s.Sector, s.Organizations));

    private static IEnumerable<(string, long)> ByStage(ImpactSummary summary) => summary.PartnersByStage.Select(s => (s.Stage, s.Organizations));

    private Task<PartnerReport> ReportAsync(Guid organization) =>
        reporting.Analyst.GetPartnerReportAsync(new GetPartnerReportRequest { PartnerId = organization.ToString() }, cancellationToken: Cancel).ResponseAsync;

    /// <summary>The report, or null while Reporting has not heard of the organization yet.</summary>
    private async Task<PartnerReport?> KnownReportAsync(Guid organization)
    {
        try
        {
            return await ReportAsync(organization);
        }
        catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }
    }

    private static OrganizationRegistered Registered(Guid organization, string name, string sector, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At(at), OrganizationId = organization, Name = name, Sector = sector, Stage = "Lead" };

    private static OrganizationUpdated Updated(Guid organization, string name, string sector, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At(at), OrganizationId = organization, Name = name, Sector = sector, Region = "Utrecht", EmployeeCount = 800 };

    private static PipelineStageChanged Moved(Guid organization, string from, string to, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At(at), OrganizationId = organization, OrganizationName = "Gemeente Rijnwaarde", Sector = "Government", FromStage = from, ToStage = to };
}
