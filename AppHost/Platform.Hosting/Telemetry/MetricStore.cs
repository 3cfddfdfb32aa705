using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>An instrument as the metrics view lists it.</summary>
public sealed record MetricInstrument(string Service, string Name, string Unit, string Description, MetricKind Kind, int Instances);

/// <summary>
/// Received metrics: one <see cref="MetricSeries"/> per service instance and instrument, at most
/// <c>maxSeries</c> of them (further ones are refused and counted).
/// </summary>
public sealed class MetricStore(int maxSeries = 10_000, int maxPointsPerSeries = 2_000)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Service, string Instance, string Name), MetricSeries> _series = [];

    /// <summary>Series refused because the store was full, plus points thinned out of full series.</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return RefusedSeries + _series.Values.Sum(s => s.Thinned);
            }
        }
    }

    public long RefusedSeries { get; private set; }

    public int MaxSeries => maxSeries;

    /// <summary>Records an export; returns the services it came from.</summary>
    public IReadOnlyCollection<string> Add(ExportMetricsServiceRequest request)
    {
        var services = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var (service, instance) = OtlpValues.Origin(resourceMetrics.Resource);
                services.Add(service);
                foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics))
                {
                    Record(service, instance ?? service, metric);
                }
            }
        }

        return services;
    }

    public IReadOnlyList<MetricInstrument> Instruments(string? service)
    {
        lock (_gate)
        {
            return _series.Values.Where(s => service is null || s.Service == service)
                .GroupBy(s => (s.Service, s.Name))
                .Select(g => new MetricInstrument(g.Key.Service, g.Key.Name, g.First().Unit, g.First().Description, g.First().Kind, g.Count()))
                .OrderBy(i => i.Service, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The instrument's series over <paramref name="window"/> up to <paramref name="now"/>, cut into <paramref name="steps"/> steps.</summary>
    public MetricWindow? Window(string service, string name, TimeSpan window, DateTimeOffset now, int steps = 60)
    {
        lock (_gate)
        {
            var series = _series.Values.Where(s => s.Service == service && s.Name == name).ToList();
            return series.Count == 0 ? null : MetricWindow.Compute(series, now - window, now, steps);
        }
    }

    /// <summary>The latest value of a gauge-like instrument per service (the largest over instances), e.g. the outbox lag.</summary>
    public IReadOnlyDictionary<string, (double Value, DateTimeOffset Time)> Latest(string name)
    {
        lock (_gate)
        {
            return _series.Values.Where(s => s.Name == name && s.Points.Count > 0)
                .GroupBy(s => s.Service)
                .ToDictionary(g => g.Key, g => g.Select(s => (s.Points[^1].Value, s.Points[^1].Time)).MaxBy(p => p.Value));
        }
    }

    private void Record(string service, string instance, Metric metric)
    {
        var (kind, isDelta) = metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => (MetricKind.Gauge, false),
            Metric.DataOneofCase.Sum => (metric.Sum.IsMonotonic ? MetricKind.Counter : MetricKind.UpDownCounter, metric.Sum.AggregationTemporality == AggregationTemporality.Delta),
            Metric.DataOneofCase.Histogram => (MetricKind.Histogram, metric.Histogram.AggregationTemporality == AggregationTemporality.Delta),
            _ => (MetricKind.Gauge, false),
        };
        if (metric.DataCase == Metric.DataOneofCase.None)
        {
            return;
        }

        var key = (service, instance, metric.Name);
        if (!_series.TryGetValue(key, out var series))
        {
            if (_series.Count >= maxSeries)
            {
                RefusedSeries++;
                return;
            }

            series = new MetricSeries(service, instance, metric.Name, metric.Unit, metric.Description, kind);
            _series[key] = series;
        }

        var (raw, start) = metric.DataCase == Metric.DataOneofCase.Histogram ? Histogram(series, metric.Histogram) : Number(metric);
        if (raw is not null)
        {
            series.Record(raw, isDelta, start, maxPointsPerSeries);
        }
    }

    private static (MetricPoint?, ulong) Number(Metric metric)
    {
        var points = metric.DataCase == Metric.DataOneofCase.Gauge ? metric.Gauge.DataPoints : metric.Sum.DataPoints;
        if (points.Count == 0)
        {
            return (null, 0);
        }

        var value = points.Sum(p => p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble);
        return (new MetricPoint(OtlpValues.Time(points.Max(p => p.TimeUnixNano)), value, 0, null), points.Min(p => p.StartTimeUnixNano));
    }

    /// <summary>Sums the attribute sets whose buckets match the series' bounds (the first set's bounds win).</summary>
    private static (MetricPoint?, ulong) Histogram(MetricSeries series, Histogram histogram)
    {
        if (histogram.DataPoints.Count == 0)
        {
            return (null, 0);
        }

        if (series.Bounds.Length == 0)
        {
            series.Bounds = [.. histogram.DataPoints[0].ExplicitBounds];
        }

        var buckets = new long[series.Bounds.Length + 1];
        double sum = 0;
        long count = 0;
        foreach (var point in histogram.DataPoints.Where(p => p.BucketCounts.Count == buckets.Length && p.ExplicitBounds.SequenceEqual(series.Bounds)))
        {
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] += (long)point.BucketCounts[i];
            }

            sum += point.Sum;
            count += (long)point.Count;
        }

        var time = OtlpValues.Time(histogram.DataPoints.Max(p => p.TimeUnixNano));
        return (new MetricPoint(time, sum, count, buckets), histogram.DataPoints.Min(p => p.StartTimeUnixNano));
    }
}
