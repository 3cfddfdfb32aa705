using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>The data points of one attribute set in one export, as the raw point a series records.</summary>
internal static class MetricReading
{
    public static (MetricPoint? Point, ulong Start) Number(MetricSeries series, IReadOnlyList<NumberDataPoint> points)
    {
        var value = points.Sum(p => p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble);
        return (new MetricPoint(OtlpValues.Time(points.Max(p => p.TimeUnixNano)), value, 0, null), points.Min(p => p.StartTimeUnixNano));
    }

    /// <summary>Sums the points whose buckets match the series' bounds (the first point's bounds win).</summary>
    public static (MetricPoint? Point, ulong Start) Histogram(MetricSeries series, IReadOnlyList<HistogramDataPoint> points)
    {
        if (series.Bounds.Length == 0)
        {
            series.Bounds = [.. points[0].ExplicitBounds];
        }

        var buckets = new long[series.Bounds.Length + 1];
        double sum = 0;
        long count = 0;
        foreach (var point in points.Where(p => p.BucketCounts.Count == buckets.Length && p.ExplicitBounds.SequenceEqual(series.Bounds)))
        {
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] += (long)point.BucketCounts[i];
            }

            sum += point.Sum;
            count += (long)point.Count;
        }

        return (new MetricPoint(OtlpValues.Time(points.Max(p => p.TimeUnixNano)), sum, count, buckets), points.Min(p => p.StartTimeUnixNano));
    }
}
