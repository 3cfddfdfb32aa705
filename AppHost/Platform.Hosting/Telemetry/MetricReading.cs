using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>The data points of one attribute set in one export, as the raw point a series records.</summary>
internal static class MetricReading
{
    /// <summary>
    /// The points' sum. A value that is not a number (NaN, an infinity: a gauge's 0/0) is no
    /// measurement: it is left out (a counter goes on from its last value, a gauge shows none).
    /// </summary>
    public static (MetricPoint? Point, ulong Start) Number(MetricSeries series, IReadOnlyList<NumberDataPoint> points)
    {
        if (!points.All(IsMeasured))
        {
            points = [.. points.Where(IsMeasured)];
            if (points.Count == 0)
            {
                return (null, 0);
            }
        }

        var value = points.Sum(Value);
        return (new MetricPoint(OtlpValues.Time(points.Max(p => p.TimeUnixNano)), value, 0, null), points.Min(p => p.StartTimeUnixNano));
    }

    /// <summary>
    /// Sums the points whose buckets match the series' bounds (the first point's bounds win). A point
    /// of no buckets (OTLP allows count and sum only) has its count in the one bucket of no bounds.
    /// </summary>
    public static (MetricPoint? Point, ulong Start) Histogram(MetricSeries series, IReadOnlyList<HistogramDataPoint> points)
    {
        if (series.Bounds.Length == 0)
        {
            series.Bounds = [.. points[0].ExplicitBounds];
        }

        var buckets = new long[series.Bounds.Length + 1];
        double sum = 0;
        long count = 0;
        foreach (var point in points.Where(p => p.ExplicitBounds.SequenceEqual(series.Bounds)
            && (p.BucketCounts.Count == buckets.Length || (p.BucketCounts.Count == 0 && buckets.Length == 1))))
        {
            for (var i = 0; i < point.BucketCounts.Count; i++)
            {
                buckets[i] += (long)point.BucketCounts[i];
            }

            if (point.BucketCounts.Count == 0)
            {
                buckets[0] += (long)point.Count;
            }

            sum += point.Sum;
            count += (long)point.Count;
        }

        return (new MetricPoint(OtlpValues.Time(points.Max(p => p.TimeUnixNano)), sum, count, buckets), points.Min(p => p.StartTimeUnixNano));
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> when the export holds a point no exporter produces
    /// (an exponential histogram outside OTLP's scales or with buckets beyond any double's), before
    /// anything of it is filed.
    /// </summary>
    public static void Check(ExportMetricsServiceRequest request)
    {
        // Every export passes here (each service's, every second): plain loops, nothing allocated.
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scopeMetrics.Metrics)
                {
                    if (metric.DataCase != Metric.DataOneofCase.ExponentialHistogram)
                    {
                        continue;
                    }

                    foreach (var point in metric.ExponentialHistogram.DataPoints)
                    {
                        CheckSide(metric.Name, point.Scale, point.Positive);
                        CheckSide(metric.Name, point.Scale, point.Negative);
                    }
                }
            }
        }
    }

    private static void CheckSide(string name, int scale, ExponentialHistogramDataPoint.Types.Buckets? side)
    {
        if (!ExponentialBuckets.IsPossible(scale, side?.Offset ?? 0, side?.BucketCounts.Count ?? 0))
        {
            throw new InvalidDataException(
                $"{name}: an exponential histogram at scale {scale} with buckets from {side?.Offset} on is no exporter's (scales are {ExponentialBuckets.MinScale} to {ExponentialBuckets.MaxScale}, and no double lies beyond ±1075 × 2^scale).");
        }
    }

    /// <summary>Adds the points' exponential histograms up (at the smallest of their scales).</summary>
    public static (MetricPoint? Point, ulong Start) Exponential(MetricSeries series, IReadOnlyList<ExponentialHistogramDataPoint> points)
    {
        ExponentialBuckets? buckets = null;
        foreach (var point in points)
        {
            buckets = ExponentialBuckets.Add(buckets, new ExponentialBuckets(point.Scale, (long)point.ZeroCount, Range(point.Positive), Range(point.Negative)));
        }

        var time = OtlpValues.Time(points.Max(p => p.TimeUnixNano));
        return (new MetricPoint(time, points.Sum(p => p.Sum), points.Sum(p => (long)p.Count), null) { Exponential = buckets }, points.Min(p => p.StartTimeUnixNano));
    }

    /// <summary>
    /// A summary's count, sum and quantiles; of several points, each quantile's largest value (quantiles
    /// do not add up). A quantile that is not a number (a summary of no observations) is left out.
    /// </summary>
    public static (MetricPoint? Point, ulong Start) Summary(MetricSeries series, IReadOnlyList<SummaryDataPoint> points)
    {
        var quantiles = points.SelectMany(p => p.QuantileValues)
            .Where(q => double.IsFinite(q.Value))
            .GroupBy(q => q.Quantile)
            .OrderBy(g => g.Key)
            .Select(g => KeyValuePair.Create(g.Key, g.Max(q => q.Value)))
            .ToList();
        var time = OtlpValues.Time(points.Max(p => p.TimeUnixNano));
        return (new MetricPoint(time, points.Sum(p => p.Sum), points.Sum(p => (long)p.Count), null) { Quantiles = quantiles }, points.Min(p => p.StartTimeUnixNano));
    }

    private static double Value(NumberDataPoint point) => point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;

    private static bool IsMeasured(NumberDataPoint point) => double.IsFinite(Value(point));

    private static ExponentialBucketRange Range(ExponentialHistogramDataPoint.Types.Buckets? buckets) =>
        buckets is null || buckets.BucketCounts.Count == 0 ? ExponentialBucketRange.Empty : new(buckets.Offset, [.. buckets.BucketCounts.Select(c => (long)c)]);
}
