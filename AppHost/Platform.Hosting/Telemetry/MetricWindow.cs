namespace Platform.Hosting.Telemetry;

/// <summary>One step of a chart: a gauge's value, a counter's rate per second, or a histogram's percentiles.</summary>
public sealed record MetricStep(DateTimeOffset Time, double? Value, double? P50 = null, double? P90 = null, double? P99 = null, long? Count = null);

/// <summary>An instrument over a time window, summed over the selected series (instances and attribute sets): the chart and the window's totals.</summary>
public sealed record MetricWindow(
    string Name,
    string Unit,
    MetricKind Kind,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<MetricStep> Steps,
    double? Latest,
    double? Total,
    double? P50,
    double? P90,
    double? P99,
    long? Count)
{
    internal static MetricWindow Compute(IReadOnlyList<MetricSeries> selected, DateTimeOffset from, DateTimeOffset to, int steps)
    {
        var first = selected[0];

        // Histogram buckets add up only over equal bounds (an instrument's series normally share them).
        var series = first.Kind == MetricKind.Histogram ? [.. selected.Where(s => s.Bounds.SequenceEqual(first.Bounds))] : selected;
        var width = (to - from) / steps;
        var times = Enumerable.Range(0, steps + 1).Select(i => from + (width * i)).ToArray();
        var chart = new List<MetricStep>(steps);
        for (var i = 1; i <= steps; i++)
        {
            chart.Add(Step(series, first.Kind, first.Bounds, times[i - 1], times[i]));
        }

        var whole = Step(series, first.Kind, first.Bounds, from, to);
        var latest = series.Select(s => s.At(to)).Where(p => p is not null).Sum(p => p!.Value);
        return new MetricWindow(
            first.Name, first.Unit, first.Kind, from, to, chart,
            first.Kind is MetricKind.Gauge or MetricKind.UpDownCounter ? latest : null,
            first.Kind == MetricKind.Counter ? Delta(series, from, to, p => p.Value) : null,
            whole.P50, whole.P90, whole.P99, whole.Count);
    }

    private static MetricStep Step(IReadOnlyList<MetricSeries> series, MetricKind kind, double[] bounds, DateTimeOffset from, DateTimeOffset to)
    {
        switch (kind)
        {
            case MetricKind.Counter:
                return new MetricStep(to, Delta(series, from, to, p => p.Value) / Math.Max(0.001, (to - from).TotalSeconds));
            case MetricKind.Histogram:
                var buckets = new long[bounds.Length + 1];
                foreach (var s in series)
                {
                    var end = s.At(to)?.Buckets;
                    var start = s.At(from)?.Buckets;
                    for (var i = 0; end is not null && i < buckets.Length && i < end.Length; i++)
                    {
                        buckets[i] += end[i] - (start is not null && i < start.Length ? start[i] : 0);
                    }
                }

                var count = buckets.Sum();
                return new MetricStep(to, null, Percentile(bounds, buckets, 0.5), Percentile(bounds, buckets, 0.9), Percentile(bounds, buckets, 0.99), count);
            default:
                var values = series.Select(s => s.At(to)).Where(p => p is not null && p.Time > from - (to - from)).ToList();
                return new MetricStep(to, values.Count == 0 ? null : values.Sum(p => p!.Value));
        }
    }

    private static double Delta(IReadOnlyList<MetricSeries> series, DateTimeOffset from, DateTimeOffset to, Func<MetricPoint, double> value) =>
        series.Sum(s => s.At(to) is { } end ? value(end) - (s.At(from) is { } start ? value(start) : 0) : 0);

    /// <summary>The value below which a share <paramref name="quantile"/> of observations fall, interpolated within its bucket.</summary>
    public static double? Percentile(double[] bounds, long[] buckets, double quantile)
    {
        var total = buckets.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        double seen = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (buckets[i] == 0 || seen + buckets[i] < rank)
            {
                seen += buckets[i];
                continue;
            }

            var lower = i == 0 ? 0 : bounds[i - 1];
            if (i >= bounds.Length)
            {
                return lower;
            }

            return lower + ((bounds[i] - lower) * ((rank - seen) / buckets[i]));
        }

        return bounds.Length > 0 ? bounds[^1] : null;
    }
}
