using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Ingest;

/// <summary>How one kind of event changes the read models; the same code serves live events and a rebuild's replay.</summary>
public interface IProjection<in TEvent>
    where TEvent : IIntegrationEvent
{
    Task ApplyAsync(TEvent evt, Projection projection, CancellationToken cancellationToken);

    /// <summary>Before a batch is applied: lock the rows its events will read, in one read (<see cref="RowLocks.LockAheadAsync"/>); optional.</summary>
    Task LockAheadAsync(IReadOnlyList<TEvent> events, Projection projection, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// What a projection works with while it applies one event or a batch: the database, the counter
/// changes (merged over the batch), the rows locked ahead and the calendar.
/// </summary>
public sealed class Projection(ReportingDbContext db, NetworkCalendar calendar, Guid eventId)
{
    private readonly HashSet<(Type Row, object Key)> _lockedAhead = [];

    public ReportingDbContext Db => db;

    public FigureDeltas Figures { get; } = new(eventId);

    /// <summary>An instant's date in the network's time zone: the day a figure counts on.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => calendar.DayOf(instant);

    /// <summary>True when the rows of <typeparamref name="T"/> with this key were locked ahead: any not tracked does not exist.</summary>
    public bool IsLockedAhead<T>(object key) => _lockedAhead.Contains((typeof(T), key));

    internal void LockedAhead<T, TKey>(IEnumerable<TKey> keys)
        where TKey : notnull
    {
        foreach (var key in keys)
        {
            _lockedAhead.Add((typeof(T), key));
        }
    }

    /// <summary>Hours as the read models keep them (4 decimals, so sums are exact).</summary>
    public static decimal Hours(double hours) => Math.Round((decimal)hours, 4);
}
