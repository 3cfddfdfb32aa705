namespace Platform.ServiceDefaults;

/// <summary>
/// The network's clock and calendar: "now" at PostgreSQL's precision, and "today" in the network's
/// time zone (<c>Platform:TimeZone</c>, Europe/Amsterdam by default): follow-up dates, monthly capacity, due dates.
/// </summary>
public sealed class NetworkCalendar(TimeProvider time, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone => zone;

    /// <summary>Now, truncated to microseconds, so what a call returns equals what is read back later.</summary>
    public DateTimeOffset Now() => AtDatabasePrecision(time.GetUtcNow());

    /// <summary>An instant truncated to PostgreSQL's precision (microseconds).</summary>
    public static DateTimeOffset AtDatabasePrecision(DateTimeOffset instant) => instant.AddTicks(-(instant.Ticks % 10));

    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);

    /// <summary>The calendar date of an instant in the network's time zone.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// <c>Platform:Calendar:FixedNow</c> (an ISO 8601 instant) stops the calendar's clock at that instant, so
    /// tests of date arithmetic (months remaining, projections, overdue) get exact answers. Only the
    /// calendar stops: token lifetimes, retries and timers keep the real clock.
    /// </summary>
    public const string FixedNowSetting = "Platform:Calendar:FixedNow";

    /// <summary>The real clock, or one stopped at <paramref name="fixedNow"/> when it is set.</summary>
    public static TimeProvider Clock(TimeProvider real, string? fixedNow) =>
        string.IsNullOrWhiteSpace(fixedNow)
            ? real
            : new StoppedClock(DateTimeOffset.Parse(fixedNow, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal));

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
