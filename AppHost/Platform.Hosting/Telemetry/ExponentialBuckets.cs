namespace Platform.Hosting.Telemetry;

/// <summary>
/// An exponential histogram's counts (OTLP ExponentialHistogram): bucket <c>i</c> of the positive
/// side holds values in (base^i, base^(i+1)], of the negative side the same below zero, with
/// base = 2^(2^-scale); values near zero are counted apart. Two histograms of different scales
/// combine at the smaller scale (each bucket there is 2^d buckets of the finer one), which is how
/// an exporter's own histogram coarsens when its range widens.
/// </summary>
public sealed record ExponentialBuckets(int Scale, long ZeroCount, ExponentialBucketRange Positive, ExponentialBucketRange Negative)
{
    /// <summary>OTLP's coarsest scale: a bucket spans a factor 2^1024, so every double is in one of four.</summary>
    public const int MinScale = -10;

    /// <summary>OTLP's finest scale, where the SDKs start.</summary>
    public const int MaxScale = 20;

    /// <summary>The most buckets a side of a combination holds (an SDK keeps 160).</summary>
    public const int MaxBuckets = 4096;

    public long Count => ZeroCount + Positive.Counts.Sum() + Negative.Counts.Sum();

    /// <summary><paramref name="a"/> + <paramref name="b"/>; either may be absent.</summary>
    public static ExponentialBuckets? Add(ExponentialBuckets? a, ExponentialBuckets? b) =>
        a is null ? b : b is null ? a : Combine(a, b, 1);

    /// <summary>What <paramref name="end"/> counted since <paramref name="start"/> (both cumulative).</summary>
    public static ExponentialBuckets Since(ExponentialBuckets end, ExponentialBuckets? start) =>
        start is null ? end : Combine(end, start, -1);

    /// <summary>The value below which a share <paramref name="quantile"/> of observations fall, interpolated within its bucket.</summary>
    public double? Percentile(double quantile)
    {
        var total = Count;
        if (total <= 0)
        {
            return null;
        }

        var rank = quantile * total;
        double seen = 0;
        foreach (var (lower, upper, count) in Ordered())
        {
            if (count > 0 && seen + count >= rank)
            {
                return lower + ((upper - lower) * ((rank - seen) / count));
            }

            seen += Math.Max(0, count);
        }

        return null;
    }

    /// <summary>Every bucket from the most negative values up, as (lower bound, upper bound, count).</summary>
    private IEnumerable<(double Lower, double Upper, long Count)> Ordered()
    {
        for (var i = Negative.Counts.Length - 1; i >= 0; i--)
        {
            var index = Negative.Offset + i;
            yield return (-Bound(index + 1), -Bound(index), Negative.Counts[i]);
        }

        yield return (0, 0, ZeroCount);
        for (var i = 0; i < Positive.Counts.Length; i++)
        {
            var index = Positive.Offset + i;
            yield return (Bound(index), Bound(index + 1), Positive.Counts[i]);
        }
    }

    /// <summary>base^index; the highest buckets end at the largest double (2^1024 is none, and JSON has no infinity).</summary>
    private double Bound(int index) => Math.Min(double.MaxValue, Math.Pow(2, index * Math.Pow(2, -Scale)));

    /// <summary>
    /// No double has a bucket beyond ±1075 × 2^scale (2^-1074 is the smallest, 2^1024 beyond the
    /// largest): buckets outside are no exporter's.
    /// </summary>
    public static bool IsPossible(int scale, int offset, int count)
    {
        var limit = (scale >= 0 ? 1075L << scale : 1075L >> -scale) + 1;
        return scale is >= MinScale and <= MaxScale && (count == 0 || (offset >= -limit && (long)offset + count <= limit));
    }

    /// <summary>
    /// Histograms of far-apart values (1 ms and 1,000 s are 21 million buckets apart at scale 20)
    /// combine at a scale coarse enough to hold each side in <see cref="MaxBuckets"/>, as an SDK
    /// coarsens its own histogram when its range widens.
    /// </summary>
    private static ExponentialBuckets Combine(ExponentialBuckets a, ExponentialBuckets b, int sign)
    {
        var scale = Math.Min(a.Scale, b.Scale);
        while (scale > MinScale
            && (ExponentialBucketRange.Span(a.Positive, a.Scale - scale, b.Positive, b.Scale - scale) > MaxBuckets
                || ExponentialBucketRange.Span(a.Negative, a.Scale - scale, b.Negative, b.Scale - scale) > MaxBuckets))
        {
            scale--;
        }

        return new ExponentialBuckets(
            scale,
            a.ZeroCount + (sign * b.ZeroCount),
            ExponentialBucketRange.Combine(a.Positive.Downscale(a.Scale - scale), b.Positive.Downscale(b.Scale - scale), sign),
            ExponentialBucketRange.Combine(a.Negative.Downscale(a.Scale - scale), b.Negative.Downscale(b.Scale - scale), sign));
    }
}

/// <summary>One side of an exponential histogram: <c>Counts[i]</c> is bucket <c>Offset + i</c>.</summary>
public sealed record ExponentialBucketRange(int Offset, long[] Counts)
{
    public static readonly ExponentialBucketRange Empty = new(0, []);

    /// <summary>The same counts at a scale <paramref name="by"/> smaller: bucket i goes to i / 2^by (rounded down).</summary>
    public ExponentialBucketRange Downscale(int by)
    {
        if (by == 0 || Counts.Length == 0)
        {
            return this;
        }

        var offset = Offset >> by;
        var counts = new long[((Offset + Counts.Length - 1) >> by) - offset + 1];
        for (var i = 0; i < Counts.Length; i++)
        {
            counts[((Offset + i) >> by) - offset] += Counts[i];
        }

        return new ExponentialBucketRange(offset, counts);
    }

    /// <summary>How many buckets <paramref name="a"/> and <paramref name="b"/> span together, each at a scale <c>by</c> smaller.</summary>
    public static long Span(ExponentialBucketRange a, int aBy, ExponentialBucketRange b, int bBy)
    {
        long low = long.MaxValue, high = long.MinValue;
        Extend(a, aBy);
        Extend(b, bBy);
        return high < low ? 0 : high - low + 1;

        void Extend(ExponentialBucketRange range, int by)
        {
            if (range.Counts.Length > 0)
            {
                low = Math.Min(low, (long)range.Offset >> by);
                high = Math.Max(high, ((long)range.Offset + range.Counts.Length - 1) >> by);
            }
        }
    }

    /// <summary><paramref name="a"/> + <paramref name="sign"/> × <paramref name="b"/>, both at one scale.</summary>
    public static ExponentialBucketRange Combine(ExponentialBucketRange a, ExponentialBucketRange b, int sign)
    {
        if (b.Counts.Length == 0)
        {
            return a;
        }

        var offset = a.Counts.Length == 0 ? b.Offset : Math.Min(a.Offset, b.Offset);
        var end = a.Counts.Length == 0 ? b.Offset + b.Counts.Length : Math.Max(a.Offset + a.Counts.Length, b.Offset + b.Counts.Length);
        var counts = new long[end - offset];
        for (var i = 0; i < a.Counts.Length; i++)
        {
            counts[a.Offset + i - offset] += a.Counts[i];
        }

        for (var i = 0; i < b.Counts.Length; i++)
        {
            counts[b.Offset + i - offset] += sign * b.Counts[i];
        }

        return new ExponentialBucketRange(offset, counts);
    }
}
