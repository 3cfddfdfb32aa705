namespace Platform.Hosting.Telemetry;

/// <summary>What identifies a metric series: the service instance, the instrument and the key of its attribute set.</summary>
internal readonly record struct MetricSeriesKey(string Service, string Instance, string Name, string Attributes);

/// <summary>
/// The metric store's series, in the order they last reported (least recently first) and bounded:
/// a new series beyond the bound takes the place of the series silent longest, which is the series
/// of a stopped instance (every start and restart of a service is a new instance, and the journal
/// replays the past ones).
/// </summary>
internal sealed class RecentMetricSeries(int capacity) : IEnumerable<MetricSeries>
{
    private readonly Dictionary<MetricSeriesKey, LinkedListNode<(MetricSeriesKey Key, MetricSeries Series)>> _byKey = [];
    private readonly LinkedList<(MetricSeriesKey Key, MetricSeries Series)> _byRecency = new();

    /// <summary>The series with this key, which has just reported; null when there is none.</summary>
    public MetricSeries? Reported(MetricSeriesKey key)
    {
        if (!_byKey.TryGetValue(key, out var node))
        {
            return null;
        }

        _byRecency.Remove(node);
        _byRecency.AddLast(node);
        return node.Value.Series;
    }

    /// <summary>Adds a series that has just reported; returns the one it replaced to stay within the bound, if any.</summary>
    public (MetricSeriesKey Key, MetricSeries Series)? Add(MetricSeriesKey key, MetricSeries series)
    {
        (MetricSeriesKey Key, MetricSeries Series)? replaced = null;
        if (_byKey.Count >= capacity && _byRecency.First is { } silentLongest)
        {
            _byRecency.RemoveFirst();
            _byKey.Remove(silentLongest.Value.Key);
            replaced = silentLongest.Value;
        }

        _byKey[key] = _byRecency.AddLast((key, series));
        return replaced;
    }

    public IEnumerator<MetricSeries> GetEnumerator() => _byRecency.Select(entry => entry.Series).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
