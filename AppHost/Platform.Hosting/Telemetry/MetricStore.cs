using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>An instrument as the metrics view lists it.</summary>
public sealed record MetricInstrument(string Service, string Name, string Unit, string Description, MetricKind Kind, int Instances, int AttributeSets, bool Truncated);

/// <summary>The attribute names of an instrument's series and the values each takes, for the chart's filter.</summary>
public sealed record MetricAttributeValues(IReadOnlyDictionary<string, IReadOnlyList<string>> Values, int Sets, int MaxSets, bool Truncated);

/// <summary>
/// Received metrics: one <see cref="MetricSeries"/> per service instance, instrument and attribute
/// set, at most <c>maxAttributeSets</c> sets per instrument (the rest merged, see
/// <see cref="MetricAttributeSets"/>) and <c>maxSeries</c> series (beyond them a new series takes
/// the place of the one silent longest, see <see cref="RecentMetricSeries"/>).
/// </summary>
public sealed class MetricStore(int maxSeries = 10_000, int maxPointsPerSeries = 2_000, int maxAttributeSets = 200)
{
    private readonly Lock _gate = new();
    private readonly RecentMetricSeries _series = new(maxSeries);
    private readonly Dictionary<(string Service, string Name), MetricAttributeSets> _attributeSets = [];
    private long _pointsOfReplacedSeries;

    /// <summary>Points thinned out of full series, plus the points of series replaced to stay within the bound.</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return _pointsOfReplacedSeries + _series.Sum(s => s.Thinned);
            }
        }
    }

    public int MaxSeries => maxSeries;

    /// <summary>Records an export; returns the service instances it came from. Throws <see cref="InvalidDataException"/> for an impossible one.</summary>
    public IReadOnlyCollection<(string Service, string Instance)> Add(ExportMetricsServiceRequest request)
    {
        MetricReading.Check(request);
        var origins = new HashSet<(string Service, string Instance)>();
        lock (_gate)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var (service, instance) = OtlpValues.Origin(resourceMetrics.Resource);
                origins.Add((service, instance ?? service));
                foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics))
                {
                    Record(service, instance ?? service, metric);
                }
            }
        }

        return origins;
    }

    /// <summary>The instruments received, each described as the instance that reported last describes it (as a window reads it).</summary>
    public IReadOnlyList<MetricInstrument> Instruments(string? service)
    {
        lock (_gate)
        {
            return _series.Where(s => service is null || s.Service == service)
                .GroupBy(s => (s.Service, s.Name))
                .Select(g =>
                {
                    var newest = g.MaxBy(s => s.LastSeen)!;
                    return new MetricInstrument(
                        g.Key.Service, g.Key.Name, newest.Unit, newest.Description, newest.Kind,
                        g.Select(s => s.Instance).Distinct(StringComparer.Ordinal).Count(),
                        _attributeSets[g.Key].SeriesSets,
                        _attributeSets[g.Key].Truncated);
                })
                .OrderBy(i => i.Service, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The attribute names and values of the instrument's series; null when it is unknown.</summary>
    public MetricAttributeValues? Attributes(string service, string name)
    {
        lock (_gate)
        {
            if (!_attributeSets.TryGetValue((service, name), out var sets))
            {
                return null;
            }

            var series = _series.Where(s => s.Service == service && s.Name == name).ToList();
            var values = series.SelectMany(s => s.Attributes)
                .GroupBy(a => a.Key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(a => a.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], StringComparer.Ordinal);
            return new MetricAttributeValues(values, sets.SeriesSets, sets.Max, sets.Truncated);
        }
    }

    /// <summary>
    /// The instrument's series that <paramref name="filter"/> selects (all by default), summed, over
    /// <paramref name="window"/> up to <paramref name="now"/>, cut into <paramref name="steps"/> steps;
    /// null when no series is selected.
    /// </summary>
    public MetricWindow? Window(string service, string name, TimeSpan window, DateTimeOffset now, MetricAttributeFilter? filter = null, int steps = 60)
    {
        filter ??= MetricAttributeFilter.All;
        lock (_gate)
        {
            var series = _series.Where(s => s.Service == service && s.Name == name && filter.Matches(s.Attributes)).ToList();
            return series.Count == 0 ? null : MetricWindow.Compute(series, now - window, now, steps);
        }
    }

    /// <summary>
    /// The latest value of a gauge-like instrument per service, e.g. the outbox lag: the largest over
    /// the attribute sets of its running instances, those that reported within two export intervals
    /// of the service's newest report (a stopped instance's last value is not the service's).
    /// </summary>
    public IReadOnlyDictionary<string, (double Value, DateTimeOffset Time)> Latest(string name)
    {
        lock (_gate)
        {
            return _series.Where(s => s.Name == name && s.Points.Count > 0)
                .GroupBy(s => s.Service)
                .ToDictionary(g => g.Key, g =>
                {
                    var newest = g.MaxBy(s => s.LastSeen)!;
                    var running = newest.LastSeen - (2 * newest.ReportInterval);
                    return g.Where(s => s.LastSeen >= running).Select(s => (s.Points[^1].Value, s.LastSeen)).MaxBy(p => p.Value);
                });
        }
    }

    private void Record(string service, string instance, Metric metric)
    {
        var sets = AttributeSetsOf(service, metric.Name);
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                Record(service, instance, metric, MetricKind.Gauge, false, sets, sets.Group(metric.Gauge.DataPoints, p => p.Attributes), MetricReading.Number);
                break;
            case Metric.DataOneofCase.Sum:
                var kind = metric.Sum.IsMonotonic ? MetricKind.Counter : MetricKind.UpDownCounter;
                Record(service, instance, metric, kind, IsDelta(metric.Sum.AggregationTemporality), sets, sets.Group(metric.Sum.DataPoints, p => p.Attributes), MetricReading.Number);
                break;
            case Metric.DataOneofCase.Histogram:
                Record(service, instance, metric, MetricKind.Histogram, IsDelta(metric.Histogram.AggregationTemporality), sets, sets.Group(metric.Histogram.DataPoints, p => p.Attributes), MetricReading.Histogram);
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                var exponential = metric.ExponentialHistogram;
                Record(service, instance, metric, MetricKind.Histogram, IsDelta(exponential.AggregationTemporality), sets, sets.Group(exponential.DataPoints, p => p.Attributes), MetricReading.Exponential);
                break;
            case Metric.DataOneofCase.Summary:
                Record(service, instance, metric, MetricKind.Summary, false, sets, sets.Group(metric.Summary.DataPoints, p => p.Attributes), MetricReading.Summary);
                break;
        }
    }

    private void Record<TPoint>(
        string service,
        string instance,
        Metric metric,
        MetricKind kind,
        bool isDelta,
        MetricAttributeSets sets,
        IEnumerable<(string Key, AttributeDictionary Attributes, List<TPoint> Points)> groups,
        Func<MetricSeries, IReadOnlyList<TPoint>, (MetricPoint? Point, ulong Start)> read)
    {
        foreach (var (key, attributes, points) in groups)
        {
            var series = SeriesOf(service, instance, metric, kind, sets, key, attributes);
            if (read(series, points) is ({ } raw, var start))
            {
                series.Record(raw, isDelta, start, maxPointsPerSeries);
            }
        }
    }

    private MetricSeries SeriesOf(string service, string instance, Metric metric, MetricKind kind, MetricAttributeSets sets, string attributesKey, AttributeDictionary attributes)
    {
        var key = new MetricSeriesKey(service, instance, metric.Name, attributesKey);
        if (_series.Reported(key) is { } series)
        {
            return series;
        }

        series = new MetricSeries(service, instance, metric.Name, metric.Unit, metric.Description, kind) { Attributes = attributes };
        sets.SeriesAdded(attributesKey);
        if (_series.Add(key, series) is { } replaced)
        {
            Forget(replaced.Key, replaced.Series);
        }

        return series;
    }

    /// <summary>A replaced series' points count as dropped; its attribute set and instrument go with their last series.</summary>
    private void Forget(MetricSeriesKey key, MetricSeries series)
    {
        _pointsOfReplacedSeries += series.Points.Count + series.Thinned;
        if (_attributeSets[(key.Service, key.Name)].SeriesRemoved(key.Attributes))
        {
            _attributeSets.Remove((key.Service, key.Name));
        }
    }

    private MetricAttributeSets AttributeSetsOf(string service, string name)
    {
        if (!_attributeSets.TryGetValue((service, name), out var sets))
        {
            sets = new MetricAttributeSets(maxAttributeSets);
            _attributeSets[(service, name)] = sets;
        }

        return sets;
    }

    private static bool IsDelta(AggregationTemporality temporality) => temporality == AggregationTemporality.Delta;
}
