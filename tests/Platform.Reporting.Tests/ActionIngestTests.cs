using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>New actions whose commitment and status change arrive together: a Reporting service of its own (the shared scenario's figures stay as they are).</summary>
public sealed class ActionIngestTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_actions_commitment_and_status_change_taken_in_at_once_count_it_once_without_failing_a_batch()
    {
        await using var app = await ReportingFixture.StartReportingAsync(replicas: 1, Cancel);
        var analyst = ReportingFixture.Client(app, app.Tokens.Create("analyst", ["reporting.read"], TimeSpan.FromMinutes(10)));
        await using var publisher = await EventPublisher.StartAsync(app.GetConnectionString("rabbitmq"), Cancel);

        // Two queues, two consumers at the same moment, both finding no row for the action.
        var actions = Enumerable.Range(1, 20).Select(_ => Guid.NewGuid()).ToList();
        var events = actions.SelectMany(a => new IIntegrationEvent[] { Committed(a), Done(a) }).ToList();
        await Task.WhenAll(events.Select(e => publisher.PublishAsync(e, Cancel)));
        await ReportingFixture.JournalReachesAsync(app, events.Count);

        var summary = await analyst.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: Cancel);
        Assert.Equal((0L, 20L), (summary.Actions.Open, summary.Actions.Done));

        // A batch that failed on its save is taken in again one event at a time: right figures, but an error each time.
        Assert.DoesNotContain(app.ResourceLogs.Tail("reporting"), l => l.Text.Contains("duplicate key value", StringComparison.Ordinal));
    }

    private static ActionCommitted Committed(Guid action) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-05-01T12:00:00Z"), ActionId = action, Title = "Bike to work", Theme = "Mobility", Owner = "Someone", DueOn = new DateOnly(2026, 9, 1), Status = "Open" };

    private static ActionStatusChanged Done(Guid action) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-06-01T12:00:00Z"), ActionId = action, Theme = "Mobility", FromStatus = "Open", ToStatus = "Done", DueOn = new DateOnly(2026, 9, 1) };
}
