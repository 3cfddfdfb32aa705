using Npgsql;
using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// Goal progress as the service shows it, with history near the goal: the 90-day window's edges in
/// the network's time zone, and a projected date short of the calendar's end. A Reporting service of
/// its own: the projection follows from the network's totals, which any other test's reach would move,
/// and the counters seeded straight into the figures table are gone with any other test's rebuild.
/// </summary>
public sealed class GoalProgressTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_rate_counts_the_90_days_up_to_today_and_projects_the_goal_on_the_last_day_of_2029()
    {
        await using var reporting = await BlankReporting.StartAsync(Cancel);

        // 916,341 professionals reached before, as the counters ingest leaves them (the benchmark seeds its
        // million the same way): 910,528 before the window, 5,813 inside it.
        await SeedReachedAsync(reporting, (new DateOnly(2025, 1, 10), 910_528), (new DateOnly(2026, 5, 1), 5_813));

        // Today is 2026-06-15 in Amsterdam, so the window starts on 2026-03-18: one professional reached at
        // 23:30 the evening before (not in it), one half an hour later, at 00:30 on its first day (in it).
        await reporting.TakeInAsync(
            [NewRowIngestTests.Attended(Professionals.IdOf("eve@example.nl"), "Screening", "2026-03-17T22:30:00Z"), NewRowIngestTests.Attended(Professionals.IdOf("first-day@example.nl"), "Screening", "2026-03-17T23:30:00Z")],
            Cancel);

        var summary = await reporting.SummaryAsync(Cancel);
        Assert.Equal((916_343L, 5_814L), (summary.ProfessionalsReached, summary.ReachedLast90Days));

        // 83,657 to go at 5,814 per 90 days is exactly 1,295 days: the day before the deadline.
        Assert.Equal(("2029-12-31", true), (summary.ProjectedGoalDate, summary.OnTrack));
    }

    [Fact]
    public async Task A_goal_met_in_2029_stays_on_track_after_the_deadline_with_the_day_it_was_met()
    {
        // Today is 2030-02-01: the millionth professional was first reached on 2029-11-20, more since.
        await using var reporting = await BlankReporting.StartAsync(Cancel, ("Platform__Calendar__FixedNow", "2030-02-01T10:00:00Z"));
        await SeedReachedAsync(reporting, (new DateOnly(2030, 1, 15), 5_000), (new DateOnly(2028, 5, 1), 600_000), (new DateOnly(2029, 11, 20), 400_000));
        await reporting.TakeInAsync([NewRowIngestTests.Attended(Professionals.IdOf("late@example.nl"), "Screening", "2030-01-20T18:00:00Z")], Cancel);

        var summary = await reporting.SummaryAsync(Cancel);

        Assert.Equal((1_005_001L, 0, "2029-11-20", true), (summary.ProfessionalsReached, summary.MonthsRemaining, summary.ProjectedGoalDate, summary.OnTrack));
    }

    private static async Task SeedReachedAsync(BlankReporting reporting, params (DateOnly Day, long Professionals)[] days)
    {
        await using var connection = new NpgsqlConnection(reporting.App.GetConnectionString("reportingdb"));
        await connection.OpenAsync(Cancel);
        foreach (var (day, professionals) in days)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO figures (\"Metric\", \"Dimension\", \"Day\", \"Stripe\", \"Value\") VALUES ('reached', 'Screening', $1, 0, $2)", connection)
            {
                Parameters = { new() { Value = day }, new() { Value = (decimal)professionals } },
            };
            await insert.ExecuteNonQueryAsync(Cancel);
        }
    }
}
