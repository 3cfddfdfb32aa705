using Platform.Contracts.Reporting.V1;

namespace Platform.Demo.Tests;

/// <summary>
/// The test's scale worked out by hand, as a check on <see cref="ExpectedFigures"/> as much as on the
/// platform. Screening: persons 0-47, every tenth (9, 19, 29, 39) absent: 44 attend. LEF-talk:
/// persons 42-65, those ending in 4 or 9 absent: 19 attend, 5 of them (42, 43, 45, 46, 47) also at
/// the screening. Climate team: persons 0, 4, ..., 36 (all at the screening), 4 workshops, member m
/// misses workshop s when (m + s) mod 7 = 0: 35 attendances, 5 no-shows. Intrapreneurs: 8 people,
/// 4 meetings, 26 attendances (6 no-shows). Advisers: 12 people, 3 sessions, 30 attendances (6 no-shows).
/// </summary>
[Collection(DemoPlatform.Name)]
public sealed class HandWorkedFiguresTests(DemoFixture fixture)
{
    [Fact]
    public async Task At_the_test_scale_reporting_shows_the_figures_worked_out_by_hand()
    {
        var expected = new ExpectedFigures(fixture.Seed);
        Assert.Equal(48, DemoFixture.Scale.ScreeningRegistrations);
        Assert.Equal(24, DemoFixture.Scale.WebinarRegistrations);
        await Settled.SummaryAsync(fixture.Reporting, expected);

        var summary = await fixture.Reporting.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: TestContext.Current.CancellationToken);
        var funnel = await fixture.Reporting.GetFunnelAsync(new GetFunnelRequest(), cancellationToken: TestContext.Current.CancellationToken);

        // 44 + 19 - 5 + 8 + 12; attendances 44 + 19 + 35 + 26 + 30 = 154 with 4 + 5 + 5 + 6 + 6 = 26 no-shows.
        Assert.Equal(78, summary.ProfessionalsReached);
        Assert.Equal(154, summary.Attendances);
        Assert.Equal(437.5, summary.ParticipantHours, 4);
        Assert.Equal(86, funnel.Registered);
        Assert.Equal(26, funnel.NoShows);
        Assert.Equal(14.44, funnel.NoShowPercentage, 2);

        // 38 answers: 20 promoters, 6 detractors.
        Assert.Equal((38, 20, 6), (summary.Nps.Responses, summary.Nps.Promoters, summary.Nps.Detractors));
        Assert.Equal(36.84, summary.Nps.Score, 2);

        // The climate team's nine actions plus persons 0, 20 and 40's commitments (open, in progress, done).
        Assert.Equal((1L, 1L, 1L, 0L, 2L), Of(summary, "EnergyWater"));
        Assert.Equal((1L, 1L, 1L, 0L, 2L), Of(summary, "Waste"));
        Assert.Equal((1L, 1L, 1L, 0L, 2L), Of(summary, "PaperPurchasing"));
        Assert.Equal((1L, 0L, 1L, 1L, 1L), Of(summary, "Mobility"));

        // 86 registered professionals and 4 sign-ups.
        Assert.Equal(90, summary.Community.Members);
        // July to December 2029: 6, while the tests run before March 2029 (see DemoFixture.ReportingTodayFor).
        Assert.Equal(DemoFixture.MonthsRemaining, summary.MonthsRemaining);
    }

    private static (long Open, long InProgress, long Done, long Dropped, long Overdue) Of(ImpactSummary summary, string theme)
    {
        var actions = summary.ActionsByTheme.Single(t => t.Theme == theme).Actions;
        return (actions.Open, actions.InProgress, actions.Done, actions.Dropped, actions.Overdue);
    }
}
