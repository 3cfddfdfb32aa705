using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Ingest;

/// <summary>How one kind of event changes the read models; the same code serves live events and a rebuild's replay.</summary>
public interface IProjection<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task ApplyAsync(TEvent evt, Projection projection, CancellationToken cancellationToken);
}

/// <summary>What a projection works with while it applies one event: the database, the counter changes and the calendar.</summary>
public sealed class Projection(ReportingDbContext db, NetworkCalendar calendar, Guid eventId)
{
    public ReportingDbContext Db => db;

    public FigureDeltas Figures { get; } = new(eventId);

    /// <summary>An instant's date in the network's time zone: the day a figure counts on.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => calendar.DayOf(instant);

    /// <summary>Hours as the read models keep them (4 decimals, so sums are exact).</summary>
    public static decimal Hours(double hours) => Math.Round((decimal)hours, 4);
}
