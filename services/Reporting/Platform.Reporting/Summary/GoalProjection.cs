namespace Platform.Reporting.Summary;

/// <summary>
/// Progress toward 1,000,000 professionals before 2030-01-01: months left, the trailing-90-day rate
/// and the date the goal is reached if that rate holds.
/// </summary>
public sealed record GoalProjection(int MonthsRemaining, double RatePerDay, DateOnly? ProjectedDate, bool OnTrack)
{
    public const long Goal = 1_000_000;
    public const int RateWindowDays = 90;
    public static readonly DateOnly Deadline = new(2030, 1, 1);

    /// <summary>
    /// <paramref name="reachedInWindow"/> is the professionals first reached in the
    /// <see cref="RateWindowDays"/> days up to and including <paramref name="today"/>; <paramref name="goalMetOn"/>
    /// the day the goal was met (<see cref="MetOn"/>), null while it is not. A goal met is projected on the day
    /// it was met, and on track when that was before the deadline, also once the deadline has passed.
    /// </summary>
    public static GoalProjection Of(long reached, long reachedInWindow, DateOnly today, DateOnly? goalMetOn)
    {
        var projected = reached >= Goal ? goalMetOn ?? today : DateAtRate(reached, reachedInWindow, today);
        return new GoalProjection(MonthsLeft(today), (double)reachedInWindow / RateWindowDays, projected, projected is { } date && date < Deadline);
    }

    /// <summary>
    /// The first day by which <see cref="Goal"/> professionals were first reached, from the professionals first
    /// reached per day (in any order); null while fewer were.
    /// </summary>
    public static DateOnly? MetOn(IEnumerable<(DateOnly Day, decimal FirstReached)> days)
    {
        var reached = 0m;
        foreach (var (day, firstReached) in days.OrderBy(d => d.Day))
        {
            reached += firstReached;
            if (reached >= Goal)
            {
                return day;
            }
        }

        return null;
    }

    /// <summary>
    /// Today plus ⌈(goal − reached) / (reachedInWindow / 90)⌉ days, computed as the whole-number
    /// ⌈(goal − reached) × 90 / reachedInWindow⌉: in floating point a whole number of days can come out
    /// a hair above it and gain a day, which at the deadline turns "on track" into "not". Capped at the
    /// calendar's last day; null without a rate.
    /// </summary>
    private static DateOnly? DateAtRate(long reached, long reachedInWindow, DateOnly today)
    {
        if (reachedInWindow <= 0)
        {
            return null;
        }

        var toGo = (Goal - reached) * RateWindowDays;
        var days = (toGo + reachedInWindow - 1) / reachedInWindow;
        return today.AddDays((int)Math.Min(days, DateOnly.MaxValue.DayNumber - today.DayNumber));
    }

    /// <summary>Whole months from the current one to the deadline, the current month included: October 2022 leaves 87.</summary>
    public static int MonthsLeft(DateOnly today) =>
        Math.Max(0, (Deadline.Year - today.Year) * 12 + Deadline.Month - today.Month);

    public static double Percentage(long reached) => Math.Round(reached * 100.0 / Goal, 4);
}
