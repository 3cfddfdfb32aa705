using Platform.Reporting.Summary;

namespace Platform.Reporting.Tests;

/// <summary>The projected goal date in exact arithmetic: a day off decides "on track" at the deadline.</summary>
public sealed class GoalProjectionTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    [Fact]
    public void A_rate_that_reaches_the_goal_on_the_last_day_of_2029_is_on_track()
    {
        // 83,657 to go at 5,814 per 90 days is exactly 1,295 days: 2029-12-31, the day before the deadline.
        var goal = GoalProjection.Of(reached: 916_343, reachedInWindow: 5_814, Today, goalMetOn: null);

        Assert.Equal((new DateOnly(2029, 12, 31), true), (goal.ProjectedDate, goal.OnTrack));
    }

    [Fact]
    public void A_whole_number_of_days_is_not_rounded_up_to_the_next()
    {
        // 999,000 to go at 185 per 90 days is exactly 486,000 days, well below the calendar's end.
        var goal = GoalProjection.Of(reached: 1_000, reachedInWindow: 185, Today, goalMetOn: null);

        Assert.Equal((Today.AddDays(486_000), false), (goal.ProjectedDate, goal.OnTrack));
    }

    [Fact]
    public void A_projection_beyond_the_calendar_shows_its_last_day()
    {
        // 999,996 to go at 2 per 90 days is 44,999,820 days.
        var goal = GoalProjection.Of(reached: 4, reachedInWindow: 2, Today, goalMetOn: null);

        Assert.Equal((DateOnly.MaxValue, false), (goal.ProjectedDate, goal.OnTrack));
    }

    [Fact]
    public void A_goal_met_is_dated_on_the_day_the_millionth_professional_was_first_reached()
    {
        var metOn = GoalProjection.MetOn([(new DateOnly(2029, 11, 21), 1), (new DateOnly(2028, 5, 1), 600_000), (new DateOnly(2029, 11, 20), 400_000)]);

        Assert.Equal(new DateOnly(2029, 11, 20), metOn);
        Assert.Null(GoalProjection.MetOn([(new DateOnly(2029, 11, 20), 999_999)]));
    }
}
