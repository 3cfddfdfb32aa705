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
        var rate = (double)reachedInWindow / RateWindowDays;
        DateOnly? projected = reached >= Goal
            ? today
            : rate > 0 ? today.AddDays((int)Math.Min(Math.Ceiling((Goal - reached) / rate), DateOnly.MaxValue.DayNumber - today.DayNumber)) : null;
        return new GoalProjection(MonthsLeft(today), rate, projected, projected is { } date && date < Deadline);
    }

    /// <summary>Whole months from the current one to the deadline, the current month included: October 2022 leaves 87.</summary>
    public static int MonthsLeft(DateOnly today) =>
        Math.Max(0, (Deadline.Year - today.Year) * 12 + Deadline.Month - today.Month);

    public static double Percentage(long reached) => Math.Round(reached * 100.0 / Goal, 4);
}
