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
        // The instance that reported last says what the instrument is now (its kind, unit and, for a
        // histogram, its buckets, which add up only over equal bounds): a stopped one may have run an older build.
        var newest = selected.MaxBy(s => s.LastSeen)!;
        var series = selected.Where(s => s.Kind == newest.Kind && (s.Kind != MetricKind.Histogram || s.Bounds.SequenceEqual(newest.Bounds))).ToList();
        var width = (to - from) / steps;
        var times = Enumerable.Range(0, steps + 1).Select(i => from + (width * i)).ToArray();
        var chart = new List<MetricStep>(steps);
        for (var i = 1; i <= steps; i++)
        {
            chart.Add(MetricSteps.Step(series, times[i - 1], times[i]));
        }

        // A gauge's latest value is its last step's: the series still reporting, none once they all stopped.
        var whole = MetricSteps.Step(series, from, to);
        return new MetricWindow(
            newest.Name, newest.Unit, newest.Kind, from, to, chart,
            newest.Kind is MetricKind.Gauge or MetricKind.UpDownCounter ? chart[^1].Value : null,
            newest.Kind == MetricKind.Counter ? MetricSteps.Delta(series, from, to, p => p.Value) : null,
            whole.P50, whole.P90, whole.P99, whole.Count);
    }

    /// <summary>
    /// The value below which a share <paramref name="quantile"/> of observations fall, interpolated within its bucket.
    /// The first bucket, (-inf, bounds[0]], is taken to start at 0 when its bound is above 0 (and is its
    /// bound otherwise); the last, (bounds[^1], +inf), is its lower bound; without bounds, nothing says where values lie.
    /// Any bucket with one infinite side is its finite side: converters from Prometheus send +Inf as a bound.
    /// </summary>
    public static double? Percentile(double[] bounds, long[] buckets, double quantile)
    {
        var total = buckets.Sum();
        if (total == 0 || bounds.Length == 0)
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

            var lower = i > 0 ? bounds[i - 1] : bounds[0] > 0 ? 0 : double.NegativeInfinity;
            var upper = i < bounds.Length ? bounds[i] : double.PositiveInfinity;
            if (!double.IsFinite(upper))
            {
                return double.IsFinite(lower) ? lower : null;
            }

            return double.IsFinite(lower) ? lower + ((upper - lower) * ((rank - seen) / buckets[i])) : upper;
        }

        return bounds[^1];
    }
}
