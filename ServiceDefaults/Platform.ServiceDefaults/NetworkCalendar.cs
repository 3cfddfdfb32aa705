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
}
