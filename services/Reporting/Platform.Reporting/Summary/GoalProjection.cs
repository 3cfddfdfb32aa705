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
    /// <see cref="RateWindowDays"/> days up to and including <paramref name="today"/>.
    /// </summary>
    public static GoalProjection Of(long reached, long reachedInWindow, DateOnly today)
    {
        var projected = DateAtRate(reached, reachedInWindow, today);
        return new GoalProjection(MonthsLeft(today), (double)reachedInWindow / RateWindowDays, projected, projected is { } date && date < Deadline);
    }

    /// <summary>
    /// Today plus ⌈(goal − reached) / (reachedInWindow / 90)⌉ days, computed as the whole-number
    /// ⌈(goal − reached) × 90 / reachedInWindow⌉: in floating point a whole number of days can come out
    /// a hair above it and gain a day, which at the deadline turns "on track" into "not". Capped at the
    /// calendar's last day; null without a rate.
    /// </summary>
    private static DateOnly? DateAtRate(long reached, long reachedInWindow, DateOnly today)
    {
        if (reached >= Goal)
        {
            return today;
        }

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
