namespace Platform.Hosting.Telemetry;

/// <summary>What kind of instrument a metric comes from, as the charts treat it.</summary>
public enum MetricKind
{
    Gauge,
    Counter,
    UpDownCounter,
    Histogram,

    /// <summary>Quantiles computed by the exporter (OTLP Summary): shown as they come, they cannot be summed or windowed.</summary>
    Summary,
}

/// <summary>
/// One value of a series. Counters and histograms are kept cumulative (deltas added up, restarts
/// of the exporting process bridged), so any window is the difference of two points; an up-down
/// counter's deltas are added up too, its cumulative values are levels, taken as they come.
/// </summary>
public sealed record MetricPoint(DateTimeOffset Time, double Value, long Count, long[]? Buckets)
{
    /// <summary>An exponential histogram's counts (then <see cref="Buckets"/> is null).</summary>
    public ExponentialBuckets? Exponential { get; init; }

    /// <summary>A summary's quantiles as the exporter computed them (quantile, value).</summary>
    public IReadOnlyList<KeyValuePair<double, double>>? Quantiles { get; init; }
}

/// <summary>
/// One instrument of one process instance and one attribute set. Bounded: when full,
/// every other point of the older half goes, so old data thins out while recent data stays exact.
/// </summary>
public sealed class MetricSeries(string service, string instance, string name, string unit, string description, MetricKind kind)
{
    private readonly List<MetricPoint> _points = [];
    private MetricPoint? _lastRaw;
    private MetricPoint _base = new(default, 0, 0, null);
    private ulong _lastStart;

    public string Service { get; } = service;

    public string Instance { get; } = instance;

    public string Name { get; } = name;

    public string Unit { get; } = unit;

    public string Description { get; } = description;

    public MetricKind Kind { get; } = kind;

    /// <summary>The attribute set (names in order) whose values this series holds.</summary>
    public AttributeDictionary Attributes { get; init; } = AttributeDictionary.Empty;

    /// <summary>Upper bounds of the histogram's buckets (the last bucket is unbounded).</summary>
    public double[] Bounds { get; internal set; } = [];

    public IReadOnlyList<MetricPoint> Points => _points;

    /// <summary>How many points were thinned out to stay within the bound.</summary>
    public long Thinned { get; private set; }

    /// <summary>When the series last reported: its last point's value stands until then.</summary>
    public DateTimeOffset LastSeen { get; private set; }

    /// <summary>The time between its last two reports: its exporter's interval (zero until it reported twice).</summary>
    public TimeSpan ReportInterval { get; private set; }

    /// <summary>Records a raw point as exported; <paramref name="isDelta"/> for delta temporality.</summary>
    internal void Record(MetricPoint raw, bool isDelta, ulong startTime, int maxPoints)
    {
        MetricPoint point;
        if (Kind is MetricKind.Gauge or MetricKind.Summary || (Kind == MetricKind.UpDownCounter && !isDelta))
        {
            // A cumulative up-down counter is a level (memory in use, open connections): after a
            // restart it is the new process's own, the old process's went with it.
            point = raw;
        }
        else if (isDelta)
        {
            var previous = _points.Count > 0 ? _points[^1] : _base;
            point = Add(previous, raw) with { Time = raw.Time };
        }
        else
        {
            // A new start time means the process restarted and its cumulative values began again at zero.
            if (_lastRaw is not null && startTime != _lastStart)
            {
                _base = Add(_base, _lastRaw);
            }

            _lastRaw = raw;
            _lastStart = startTime;
            point = Add(_base, raw) with { Time = raw.Time };
        }

        if (point.Time > LastSeen)
        {
            ReportInterval = LastSeen == default ? TimeSpan.Zero : point.Time - LastSeen;
            LastSeen = point.Time;
        }

        if (_points.Count > 0 && (point.Time <= _points[^1].Time || IsUnchanged(point, _points[^1])))
        {
            return;
        }

        _points.Add(point);
        if (_points.Count > maxPoints)
        {
            Thin();
        }
    }

    /// <summary>The last point at or before <paramref name="time"/>, or null.</summary>
    public MetricPoint? At(DateTimeOffset time) => IndexAt(time) is var index and >= 0 ? _points[index] : null;

    /// <summary>
    /// The value at <paramref name="time"/> if the series still reported it after <paramref name="since"/>:
    /// a point's value stands until the next point, the last one until <see cref="LastSeen"/>.
    /// A gauge whose process stopped reporting shows no value rather than its last one.
    /// </summary>
    public MetricPoint? Current(DateTimeOffset time, DateTimeOffset since)
    {
        var index = IndexAt(time);
        if (index < 0)
        {
            return null;
        }

        var heldUntil = index < _points.Count - 1 ? _points[index + 1].Time : LastSeen;
        return heldUntil > since ? _points[index] : null;
    }

    private int IndexAt(DateTimeOffset time)
    {
        int low = 0, high = _points.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (_points[middle].Time <= time)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    /// <summary>
    /// A point equal to the last one kept says nothing new: the last point stands for every time
    /// after it (until <see cref="LastSeen"/>), so the many idle series cost no memory. A summary
    /// keeps every point: its quantiles are the exporter's, not compared here.
    /// </summary>
    private bool IsUnchanged(MetricPoint point, MetricPoint last) =>
        Kind != MetricKind.Summary
        && point.Value == last.Value && point.Count == last.Count
        && (point.Buckets ?? []).AsSpan().SequenceEqual(last.Buckets ?? []);

    private void Thin()
    {
        var half = _points.Count / 2;
        var kept = new List<MetricPoint>(_points.Count);
        for (var i = 0; i < half; i++)
        {
            if (i % 2 == 0)
            {
                kept.Add(_points[i]);
            }
        }

        Thinned += half - kept.Count;
        kept.AddRange(_points.Skip(half));
        _points.Clear();
        _points.AddRange(kept);
    }

    private static MetricPoint Add(MetricPoint a, MetricPoint b) => new(
        b.Time,
        a.Value + b.Value,
        a.Count + b.Count,
        b.Buckets is null ? a.Buckets : a.Buckets is null || a.Buckets.Length != b.Buckets.Length ? b.Buckets : a.Buckets.Zip(b.Buckets, (x, y) => x + y).ToArray())
    {
        Exponential = ExponentialBuckets.Add(a.Exponential, b.Exponential),
    };
}
