using System.Text.Json;
using Platform.Hosting.Telemetry;
using Platform.Hosting.Telemetry.Otlp;
using static Platform.Dashboard.Tests.OtlpExports;

namespace Platform.Dashboard.Tests;

/// <summary>The metric store's bounds and arithmetic, without servers.</summary>
public sealed class MetricStoreTests
{
    [Fact]
    public void Percentiles_interpolate_within_the_bucket_that_holds_the_rank()
    {
        double[] bounds = [10, 20, 50];
        long[] buckets = [50, 40, 9, 1];

        Assert.Equal(10, MetricWindow.Percentile(bounds, buckets, 0.5));
        Assert.Equal(20, MetricWindow.Percentile(bounds, buckets, 0.9));
        Assert.Equal(50, MetricWindow.Percentile(bounds, buckets, 0.99));
        Assert.Null(MetricWindow.Percentile(bounds, [0, 0, 0, 0], 0.5));
    }

    [Fact]
    public void A_percentile_stays_within_its_bucket_below_zero_and_a_histogram_without_buckets_counts_but_has_none()
    {
        // The first bucket is (-inf, bound]: of values all at or below -10, no percentile is above -10.
        Assert.Equal(-10, MetricWindow.Percentile([-10, 0, 10], [10, 0, 0, 0], 0.5));
        Assert.Equal(5, MetricWindow.Percentile([-10, 0, 10], [0, 0, 10, 0], 0.5));
        Assert.Equal(5, MetricWindow.Percentile([10, 20], [10, 0, 0], 0.5));

        // OTLP allows a histogram of count and sum only (.NET's Boundaries = []): no bucket says where its values lie.
        var store = new MetricStore();
        store.Add(Export(Histogram(T0, "ms", [], []).WithCount(3)));
        store.Add(Export(Histogram(T0.AddSeconds(10), "ms", [], []).WithCount(10)));

        var window = store.Window("svc", "duration", TimeSpan.FromSeconds(5), T0.AddSeconds(12))!;

        Assert.Equal(7, window.Count);
        Assert.Equal((null, null, null), (window.P50, window.P90, window.P99));
        Assert.Null(MetricWindow.Percentile([], [10], 0.5));
    }

    [Fact]
    public void A_bucket_bounded_by_an_infinity_gives_its_finite_side_as_the_percentile()
    {
        // Converters from Prometheus send its le="+Inf" as an explicit bound; OTLP's bounds are finite.
        Assert.Equal(10, MetricWindow.Percentile([0, 10, double.PositiveInfinity], [0, 0, 10, 0], 0.5));
        Assert.Equal(0, MetricWindow.Percentile([double.NegativeInfinity, 0, 10], [0, 10, 0, 0], 0.5));
        Assert.Equal(5, MetricWindow.Percentile([0, 10, double.PositiveInfinity], [0, 10, 0, 0], 0.5));
    }

    [Fact]
    public void Exponential_histogram_percentiles_interpolate_within_the_bucket_that_holds_the_rank()
    {
        // Scale 0: base 2, bucket i holds (2^i, 2^(i+1)].
        var buckets = new ExponentialBuckets(0, 0, new(0, [10, 80, 10]), ExponentialBucketRange.Empty);
        var signed = new ExponentialBuckets(0, 10, new(0, [80]), new(0, [10]));

        Assert.Equal(3, buckets.Percentile(0.5));
        Assert.Equal(4, buckets.Percentile(0.9));
        Assert.Equal(7.6, buckets.Percentile(0.99)!.Value, 10);
        Assert.Equal(-1.5, signed.Percentile(0.05));
        Assert.Equal(0, signed.Percentile(0.15));
        Assert.Equal(1.375, signed.Percentile(0.5));
        Assert.Null(new ExponentialBuckets(3, 0, ExponentialBucketRange.Empty, ExponentialBucketRange.Empty).Percentile(0.5));
    }

    [Fact]
    public void An_exponential_histograms_highest_buckets_end_at_the_largest_double_and_the_window_still_answers()
    {
        // At scale 0 bucket 1023 holds (2^1023, 2^1024): up to double.MaxValue, whose next power of two is no double.
        var top = new ExponentialBuckets(0, 0, new(1023, [10]), ExponentialBucketRange.Empty);
        var store = new MetricStore();
        store.Add(Export(Exponential(T0, scale: -10, offset: 1, [4]))); // accepted: within ±1075 × 2^scale

        var window = store.Window("svc", "duration", TimeSpan.FromSeconds(60), T0.AddSeconds(10))!;

        Assert.Equal(double.MaxValue, top.Percentile(1));
        Assert.Equal(Math.Pow(2, 1023) * 1.5, top.Percentile(0.5)!.Value, Math.Pow(2, 1023) * 0.01);
        Assert.Equal(double.MaxValue, window.P50);
        JsonSerializer.Serialize(window, JsonSerializerOptions.Web); // as the API answers it
    }

    [Fact]
    public void An_exponential_histogram_window_subtracts_across_a_change_of_scale()
    {
        var store = new MetricStore();
        store.Add(Export(Exponential(T0, scale: 1, offset: 2, [4]))); // (2, 2.83]: 4 values
        store.Add(Export(Exponential(T0.AddSeconds(10), scale: 0, offset: 0, [10, 84, 10])));

        var window = store.Window("svc", "duration", TimeSpan.FromSeconds(25), T0.AddSeconds(30))!;

        Assert.Equal(MetricKind.Histogram, window.Kind);
        Assert.Equal(100, window.Count);
        Assert.Equal(3, window.P50);
        Assert.Equal(4, window.P90);
        Assert.Equal(7.6, window.P99!.Value, 10);
    }

    [Fact]
    public void Exponential_histograms_of_far_apart_values_combine_at_a_scale_coarse_enough_to_stay_small()
    {
        // At scale 20, where the SDKs start, 1 ms and 1,000 s lie 21 million buckets apart.
        var store = new MetricStore();
        store.Add(Export(Exponential(T0, scale: 20, offset: IndexAtScale20(0.001), [10]), instance: "a"));
        store.Add(Export(Exponential(T0, scale: 20, offset: IndexAtScale20(1000), [10]), instance: "b"));
        var milli = new ExponentialBuckets(20, 0, new(IndexAtScale20(0.001), [10]), ExponentialBucketRange.Empty);
        var kilo = new ExponentialBuckets(20, 0, new(IndexAtScale20(1000), [10]), ExponentialBucketRange.Empty);

        // The extremes a double reaches (about 2^-1049 and 2^1020) lie further apart than an int counts.
        var smallest = new ExponentialBuckets(20, 0, new(-1_100_000_000, [1]), ExponentialBucketRange.Empty);
        var largest = new ExponentialBuckets(20, 0, new(1_070_000_000, [1]), ExponentialBucketRange.Empty);

        var window = store.Window("svc", "duration", TimeSpan.FromMinutes(1), T0.AddSeconds(10))!;
        Assert.Equal(20, window.Count);
        Assert.Equal(0.001, window.P50!.Value, 0.001 * 0.01);
        Assert.Equal(1000, window.P99!.Value, 1000 * 0.01);
        Assert.InRange(ExponentialBuckets.Add(milli, kilo)!.Positive.Counts.Length, 2, ExponentialBuckets.MaxBuckets);
        var extremes = ExponentialBuckets.Add(smallest, largest)!;
        Assert.Equal(2, extremes.Count);
        Assert.InRange(extremes.Positive.Counts.Length, 1, ExponentialBuckets.MaxBuckets);
    }

    [Fact]
    public void A_summary_shows_the_exporters_own_quantiles_and_counts_its_observations()
    {
        var store = new MetricStore();
        store.Add(Export(Summary(T0, count: 10, (0.5, 0.1), (0.9, 0.4), (0.99, 0.8))));
        store.Add(Export(Summary(T0.AddSeconds(10), count: 30, (0.5, 0.2), (0.9, 0.5), (0.99, 0.9))));

        var window = store.Window("svc", "duration", TimeSpan.FromSeconds(25), T0.AddSeconds(30))!;

        Assert.Equal(MetricKind.Summary, window.Kind);
        Assert.Equal((0.2, 0.5, 0.9), (window.P50, window.P90, window.P99));
        Assert.Equal(20, window.Count);
    }

    [Fact]
    public void A_restarted_exporter_continues_its_counter_instead_of_going_back_to_zero()
    {
        var store = new MetricStore();
        store.Add(Counter(T0, start: 1, value: 100));
        store.Add(Counter(T0.AddSeconds(10), start: 1, value: 160));
        store.Add(Counter(T0.AddSeconds(20), start: 2, value: 5));

        var window = store.Window("svc", "requests", TimeSpan.FromSeconds(60), T0.AddSeconds(30))!;

        Assert.Equal(165, window.Total);
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_no_measurement_and_the_window_still_answers()
    {
        // A gauge's 0/0 or an unset infinity, a summary of no observations (NaN quantiles, as Prometheus
        // sends them): OTLP carries them, JSON has no number for them.
        var store = new MetricStore();
        store.Add(Counter(T0, start: 1, value: 10));
        store.Add(Counter(T0.AddSeconds(10), start: 1, value: double.NaN));
        store.Add(Counter(T0.AddSeconds(20), start: 1, value: 25));
        store.Add(Export(Gauge("ratio", T0, 0.5)));
        store.Add(Export(Gauge("ratio", T0.AddSeconds(10), double.NaN)));
        store.Add(Export(Gauge("ratio", T0.AddSeconds(20), double.PositiveInfinity)));
        store.Add(Export(Summary(T0.AddSeconds(20), count: 0, (0.5, double.NaN), (0.99, double.NaN))));

        var counter = store.Window("svc", "requests", TimeSpan.FromSeconds(60), T0.AddSeconds(30))!;
        var gauge = store.Window("svc", "ratio", TimeSpan.FromSeconds(60), T0.AddSeconds(22))!;
        var summary = store.Window("svc", "duration", TimeSpan.FromSeconds(60), T0.AddSeconds(30))!;

        Assert.Equal(25, counter.Total);
        Assert.Equal(25, counter.Steps.Sum(s => s.Value)); // a rate per second, each step a second
        Assert.Contains(gauge.Steps, s => s.Value == 0.5);
        Assert.Null(gauge.Latest);
        Assert.Null(summary.P50);
        foreach (var window in new[] { counter, gauge, summary })
        {
            JsonSerializer.Serialize(window, JsonSerializerOptions.Web); // as the API answers it
        }
    }

    [Fact]
    public void A_replica_restarted_after_a_crash_reports_its_up_down_counter_from_its_own_value()
    {
        // A crashed replica comes back as the same instance with a new start time. An up-down counter
        // is a level (memory in use, open connections): the dead process's last one went with it.
        var store = new MetricStore();
        store.Add(UpDownCounter(T0, start: 1, value: 200));
        store.Add(UpDownCounter(T0.AddSeconds(10), start: 1, value: 210));
        store.Add(UpDownCounter(T0.AddSeconds(20), start: 2, value: 150));

        var window = store.Window("svc", "requests", TimeSpan.FromSeconds(60), T0.AddSeconds(20))!;

        Assert.Equal(MetricKind.UpDownCounter, window.Kind);
        Assert.Equal(150, window.Latest);
    }

    [Fact]
    public void A_full_series_thins_its_older_half_and_keeps_the_newest_points()
    {
        var store = new MetricStore(maxSeries: 10, maxPointsPerSeries: 100);
        for (var i = 0; i < 250; i++)
        {
            store.Add(Counter(T0.AddSeconds(i), start: 1, value: i));
        }

        var window = store.Window("svc", "requests", TimeSpan.FromSeconds(30), T0.AddSeconds(249))!;

        Assert.Equal(30, window.Total);
        Assert.True(store.Dropped > 0);
    }

    [Fact]
    public void A_full_store_makes_room_for_a_new_instance_by_dropping_the_series_silent_longest()
    {
        var store = new MetricStore(maxSeries: 1);
        store.Add(Export(Sum(T0, start: 1, value: 100), instance: "a"));
        store.Add(Export(Sum(T0.AddHours(1), start: 2, value: 5), instance: "b"));

        var window = store.Window("svc", "requests", TimeSpan.FromMinutes(5), T0.AddHours(1).AddSeconds(1))!;

        Assert.Equal(5, window.Total);
        var instrument = Assert.Single(store.Instruments("svc"));
        Assert.Equal((1, 1), (instrument.Instances, instrument.AttributeSets));
        Assert.Equal(1, store.Dropped);
    }

    [Fact]
    public void The_latest_value_of_a_gauge_is_its_running_instances_not_a_stopped_ones()
    {
        var store = new MetricStore();
        store.Add(Export(Gauge("platform.outbox.lag", T0, 120), instance: "a"));
        store.Add(Export(Gauge("platform.outbox.lag", T0.AddSeconds(60), 0), instance: "b"));
        store.Add(Export(Gauge("platform.outbox.lag", T0.AddSeconds(61), 0), instance: "b"));

        Assert.Equal((0, T0.AddSeconds(61)), store.Latest("platform.outbox.lag")["svc"]);
    }

    [Fact]
    public void An_unchanged_gauge_is_kept_once_and_shows_its_value_while_it_reports_and_none_after()
    {
        var store = new MetricStore(maxSeries: 10, maxPointsPerSeries: 10);
        for (var i = 0; i < 100; i++)
        {
            store.Add(Export(new Metric { Name = "queue", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = i < 50 ? 7 : 9, TimeUnixNano = Nanos(T0.AddSeconds(i)) } } } }));
        }

        var reporting = store.Window("svc", "queue", TimeSpan.FromSeconds(60), T0.AddSeconds(99), steps: 6)!;
        var silent = store.Window("svc", "queue", TimeSpan.FromSeconds(60), T0.AddSeconds(200), steps: 6)!;

        Assert.Equal(0, store.Dropped);
        Assert.Equal([7, 9, 9, 9, 9, 9], reporting.Steps.Select(s => s.Value));
        Assert.Equal(9, reporting.Latest);
        Assert.All(silent.Steps, s => Assert.Null(s.Value));
    }

    [Fact]
    public void A_gauges_latest_value_leaves_out_stopped_instances_and_is_none_once_every_instance_stopped()
    {
        var store = new MetricStore();
        for (var i = 0; i <= 10; i++)
        {
            store.Add(Export(Gauge("queue", T0.AddSeconds(i), 5), instance: "a"));
        }

        for (var i = 100; i <= 200; i++)
        {
            store.Add(Export(Gauge("queue", T0.AddSeconds(i), 3), instance: "b"));
        }

        Assert.Equal(3, store.Window("svc", "queue", TimeSpan.FromMinutes(5), T0.AddSeconds(200))!.Latest);
        Assert.Null(store.Window("svc", "queue", TimeSpan.FromMinutes(5), T0.AddSeconds(400))!.Latest);
    }

    [Fact]
    public void A_window_reads_an_instrument_as_its_newest_instance_reports_it()
    {
        // A stopped instance of an older build measured in ms with other buckets.
        var store = new MetricStore();
        store.Add(Export(Histogram(T0, "ms", [100, 200], [10, 0, 0]), instance: "a"));
        store.Add(Export(Histogram(T0.AddHours(1), "s", [1, 2], [0, 0, 0]), instance: "b"));
        store.Add(Export(Histogram(T0.AddHours(1).AddSeconds(10), "s", [1, 2], [0, 20, 0]), instance: "b"));

        var window = store.Window("svc", "duration", TimeSpan.FromMinutes(5), T0.AddHours(1).AddSeconds(20))!;

        Assert.Equal(("s", 20L), (window.Unit, window.Count));
        Assert.Equal(1.5, window.P50);
    }

    [Fact]
    public void The_instrument_list_describes_an_instrument_as_its_newest_instance_reports_it()
    {
        // A stopped instance of an older build measured in ms and said so.
        var store = new MetricStore();
        var old = Histogram(T0, "ms", [100, 200], [10, 0, 0]);
        old.Description = "old build";
        store.Add(Export(old, instance: "a"));
        store.Add(Export(Histogram(T0.AddHours(1), "s", [1, 2], [0, 20, 0]), instance: "b"));

        var instrument = Assert.Single(store.Instruments("svc"));

        Assert.Equal(("s", "", 2), (instrument.Unit, instrument.Description, instrument.Instances));
    }

    [Fact]
    public void Each_attribute_set_is_a_series_a_window_can_be_narrowed_to()
    {
        var store = new MetricStore();
        store.Add(Counter(T0, 1, ("/a", 10), ("/b", 30)));
        store.Add(Counter(T0.AddSeconds(10), 1, ("/a", 15), ("/b", 40)));

        var all = store.Window("svc", "requests", TimeSpan.FromSeconds(60), T0.AddSeconds(30))!;
        var a = store.Window("svc", "requests", TimeSpan.FromSeconds(60), T0.AddSeconds(30), Route("/a"))!;
        var attributes = store.Attributes("svc", "requests")!;

        Assert.Equal(55, all.Total);
        Assert.Equal(15, a.Total);
        Assert.Null(store.Window("svc", "requests", TimeSpan.FromSeconds(60), T0.AddSeconds(30), Route("/c")));
        Assert.Equal(["/a", "/b"], attributes.Values["http.route"]);
        Assert.Equal(2, attributes.Sets);
        Assert.False(attributes.Truncated);
        Assert.Equal(2, Assert.Single(store.Instruments("svc")).AttributeSets);
    }

    [Fact]
    public void Attribute_sets_beyond_the_bound_are_merged_into_one_overflow_series_and_the_truncation_shows()
    {
        var store = new MetricStore(maxAttributeSets: 2);
        store.Add(Counter(T0, 1, ("/a", 1), ("/b", 2), ("/c", 4), ("/d", 8)));
        store.Add(Counter(T0.AddSeconds(10), 1, ("/a", 1), ("/b", 2), ("/c", 5), ("/d", 10)));

        var attributes = store.Attributes("svc", "requests")!;
        var overflow = store.Window("svc", "requests", TimeSpan.FromSeconds(60), T0.AddSeconds(30), MetricAttributeFilter.Of(KeyValuePair.Create("otel.metric.overflow", "true")))!;

        Assert.True(attributes.Truncated);
        Assert.Equal(3, attributes.Sets);
        Assert.Equal(["/a", "/b"], attributes.Values["http.route"]);
        Assert.Equal(15, overflow.Total);
        Assert.Equal(18, store.Window("svc", "requests", TimeSpan.FromSeconds(60), T0.AddSeconds(30))!.Total);
        Assert.True(Assert.Single(store.Instruments("svc")).Truncated);
    }

    [Fact]
    public void An_attribute_set_is_one_series_whatever_the_order_of_its_names_with_its_values_as_text()
    {
        var store = new MetricStore();
        KeyValue[] attributes =
        [
            Text("http.route", "/a"),
            new() { Key = "http.response.status_code", Value = new AnyValue { IntValue = 200 } },
            new() { Key = "ratio", Value = new AnyValue { DoubleValue = 0.25 } },
            new() { Key = "ok", Value = new AnyValue { BoolValue = true } },
        ];
        store.Add(Counter(T0, 1, [new NumberDataPoint { AsDouble = 10, Attributes = { attributes } }]));
        store.Add(Counter(T0.AddSeconds(10), 1, [new NumberDataPoint { AsDouble = 25, Attributes = { attributes.Reverse() } }]));

        var filter = MetricAttributeFilter.Of(
            KeyValuePair.Create("http.response.status_code", "200"), KeyValuePair.Create("ratio", "0.25"), KeyValuePair.Create("ok", "true"));
        var window = store.Window("svc", "requests", TimeSpan.FromSeconds(60), T0.AddSeconds(30), filter)!;

        Assert.Equal(25, window.Total);
        Assert.Equal(1, Assert.Single(store.Instruments("svc")).AttributeSets);
        Assert.Equal(["http.response.status_code", "http.route", "ok", "ratio"], store.Attributes("svc", "requests")!.Values.Keys);
    }

    [Fact]
    public void An_attribute_filter_is_name_equals_value_with_each_name_once()
    {
        var filter = MetricAttributeFilter.Parse(["http.route=/a=b", "http.response.status_code=200"], out var error)!;

        Assert.Null(error);
        Assert.True(filter.Matches(new Dictionary<string, string> { ["http.route"] = "/a=b", ["http.response.status_code"] = "200", ["method"] = "POST" }));
        Assert.False(filter.Matches(new Dictionary<string, string> { ["http.route"] = "/a=b" }));
        Assert.Null(MetricAttributeFilter.Parse(["http.route"], out error));
        Assert.Contains("name=value", error, StringComparison.Ordinal);
        Assert.Null(MetricAttributeFilter.Parse(["a=1", "a=2"], out error));
        Assert.Contains("twice", error, StringComparison.Ordinal);
    }

    private static int IndexAtScale20(double value) => (int)Math.Ceiling(Math.Log2(value) * (1 << 20)) - 1;

    private static MetricAttributeFilter Route(string route) => MetricAttributeFilter.Of(KeyValuePair.Create("http.route", route));

    private static ExportMetricsServiceRequest UpDownCounter(DateTimeOffset time, ulong start, double value)
    {
        var metric = Sum(time, start, value);
        metric.Sum.IsMonotonic = false;
        return Export(metric);
    }

    private static ExportMetricsServiceRequest Counter(DateTimeOffset time, ulong start, double value) => Counter(time, start, [new NumberDataPoint { AsDouble = value }]);

    private static ExportMetricsServiceRequest Counter(DateTimeOffset time, ulong start, params (string Route, double Value)[] routes) =>
        Counter(time, start, [.. routes.Select(r => new NumberDataPoint { AsDouble = r.Value, Attributes = { Text("http.route", r.Route) } })]);

    private static ExportMetricsServiceRequest Counter(DateTimeOffset time, ulong start, NumberDataPoint[] points) => Export(Sum(time, start, points));
}
