namespace Platform.Hosting.Telemetry;

/// <summary>What a chart shows for one step (or a whole window) of the selected series of an instrument.</summary>
internal static class MetricSteps
{
    private static readonly double[] Quantiles = [0.5, 0.9, 0.99];

    public static MetricStep Step(IReadOnlyList<MetricSeries> series, DateTimeOffset from, DateTimeOffset to)
    {
        switch (series[0].Kind)
        {
            case MetricKind.Counter:
                return new MetricStep(to, Delta(series, from, to, p => p.Value) / Math.Max(0.001, (to - from).TotalSeconds));
            case MetricKind.Histogram when series.Any(s => s.At(to)?.Exponential is not null):
                return ExponentialStep(series, from, to);
            case MetricKind.Histogram:
                return ExplicitStep(series, from, to);
            case MetricKind.Summary:
                return SummaryStep(series, from, to);
            default:
                var values = series.Select(s => s.Current(to, since: from - (to - from))).Where(p => p is not null).ToList();
                return new MetricStep(to, values.Count == 0 ? null : values.Sum(p => p!.Value));
        }
    }

    public static double Delta(IReadOnlyList<MetricSeries> series, DateTimeOffset from, DateTimeOffset to, Func<MetricPoint, double> value) =>
        series.Sum(s => s.At(to) is { } end ? value(end) - (s.At(from) is { } start ? value(start) : 0) : 0);

    private static MetricStep ExplicitStep(IReadOnlyList<MetricSeries> series, DateTimeOffset from, DateTimeOffset to)
    {
        var bounds = series[0].Bounds;
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

        var p = Quantiles.Select(q => MetricWindow.Percentile(bounds, buckets, q)).ToArray();
        return new MetricStep(to, null, p[0], p[1], p[2], buckets.Sum());
    }

    private static MetricStep ExponentialStep(IReadOnlyList<MetricSeries> series, DateTimeOffset from, DateTimeOffset to)
    {
        ExponentialBuckets? window = null;
        foreach (var s in series)
        {
            if (s.At(to)?.Exponential is { } end)
            {
                window = ExponentialBuckets.Add(window, ExponentialBuckets.Since(end, s.At(from)?.Exponential));
            }
        }

        var p = Quantiles.Select(q => window?.Percentile(q)).ToArray();
        return new MetricStep(to, null, p[0], p[1], p[2], window?.Count ?? 0);
    }

    /// <summary>The exporter's own quantiles at the step's end (the largest over the selected series: quantiles do not add up).</summary>
    private static MetricStep SummaryStep(IReadOnlyList<MetricSeries> series, DateTimeOffset from, DateTimeOffset to)
    {
        var latest = series.Select(s => s.At(to)?.Quantiles).Where(q => q is not null).SelectMany(q => q!).ToList();
        var p = Quantiles.Select(q => latest.Where(v => v.Key == q).Select(v => (double?)v.Value).Max()).ToArray();
        return new MetricStep(to, null, p[0], p[1], p[2], (long)Math.Max(0, Delta(series, from, to, point => point.Count)));
    }
}
