using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;

namespace Platform.Reporting.Tests;

/// <summary>
/// The day an action counts as completed, whatever order its events arrive in and after a rebuild.
/// On the Reporting service without the scenario, so the shared scenario's figures stay as they are.
/// </summary>
[Collection(BlankReportingServers.Name)]
public sealed class ActionCompletionTests(BlankReporting reporting)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_action_counts_as_completed_on_the_day_it_became_Done_not_the_day_its_deadline_moved_afterwards()
    {
        var operatorClient = ReportingFixture.Client(reporting.App, reporting.App.Tokens.CreateOperatorToken());
        var action = Guid.NewGuid();
        var before = await CompletedPerDayAsync(reporting.Analyst);

        // Done on 1 June, its deadline moved on 10 June; the move arrives first.
        await reporting.TakeInAsync([Committed(action, "2026-05-01T12:00:00Z")], Cancel);
        await reporting.TakeInAsync([Changed(action, "Done", "Done", "2026-06-10T12:00:00Z", new DateOnly(2026, 10, 1))], Cancel);
        await reporting.TakeInAsync([Changed(action, "InProgress", "Done", "2026-06-01T12:00:00Z", new DateOnly(2026, 9, 1))], Cancel);

        var live = FigureChange.Between(before, await CompletedPerDayAsync(reporting.Analyst));
        await operatorClient.RebuildReadModelsAsync(new RebuildReadModelsRequest(), cancellationToken: Cancel);
        var rebuilt = FigureChange.Between(before, await CompletedPerDayAsync(reporting.Analyst));

        Assert.Equal([("2026-06-01", 1.0)], live);
        Assert.Equal([("2026-06-01", 1.0)], rebuilt);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_action_handed_to_another_owner_and_done_by_them_is_not_the_first_owners_in_the_funnel(bool newestFirst)
    {
        var (action, experience) = (Guid.NewGuid(), Guid.NewGuid());
        var first = Professionals.IdOf($"first-owner-{action:N}@example.nl");

        // Committed by a known professional, handed to someone whose id is not known, done by them.
        IIntegrationEvent[] events =
        [
            Committed(action, "2026-05-01T12:00:00Z") with { ExperienceId = experience, OwnerProfessionalId = first },
            Changed(action, "Open", "Open", "2026-05-10T12:00:00Z", new DateOnly(2026, 9, 1)) with { ExperienceId = experience },
            Changed(action, "Open", "Done", "2026-06-01T12:00:00Z", new DateOnly(2026, 9, 1)) with { ExperienceId = experience },
        ];
        foreach (var evt in newestFirst ? events.Reverse() : events)
        {
            await reporting.TakeInAsync([evt], Cancel);
        }

        var funnel = await reporting.Analyst.GetFunnelAsync(new GetFunnelRequest { ExperienceId = experience.ToString() }, cancellationToken: Cancel);
        Assert.Equal((0L, 0L), (funnel.CommittedToAction, funnel.CompletedAction));
    }

    /// <summary>Actions completed on each day of May and June.</summary>
    private static async Task<(string Day, double Completed)[]> CompletedPerDayAsync(ReportingService.ReportingServiceClient client)
    {
        var series = await client.GetTimeSeriesAsync(new GetTimeSeriesRequest { Metric = Metric.ActionsCompleted, Interval = Interval.Day, From = "2026-05-01", To = "2026-06-30" }, cancellationToken: Cancel);
        return [.. series.Points.Select(p => (p.PeriodStart, p.Value))];
    }

    private static ActionCommitted Committed(Guid action, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At(at), ActionId = action, Title = "Switch the town hall to green power", Theme = "EnergyWater", Owner = "Someone", DueOn = new DateOnly(2026, 9, 1), Status = "Open" };

    private static ActionStatusChanged Changed(Guid action, string from, string to, string at, DateOnly dueOn) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At(at), ActionId = action, Theme = "EnergyWater", FromStatus = from, ToStatus = to, DueOn = dueOn };
}
