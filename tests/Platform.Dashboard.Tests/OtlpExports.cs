using Google.Protobuf;
using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Dashboard.Tests;

/// <summary>OTLP exports as the SDKs send them, for the tests without servers.</summary>
internal static class OtlpExports
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static Metric Sum(DateTimeOffset time, ulong start, double value) => Sum(time, start, [new NumberDataPoint { AsDouble = value }]);

    public static Metric Sum(DateTimeOffset time, ulong start, NumberDataPoint[] points)
    {
        foreach (var point in points)
        {
            point.StartTimeUnixNano = start;
            point.TimeUnixNano = Nanos(time);
        }

        return new Metric { Name = "requests", Sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative, DataPoints = { points } } };
    }

    public static Metric Gauge(string name, DateTimeOffset time, double value) =>
        new() { Name = name, Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = value, TimeUnixNano = Nanos(time) } } } };

    public static Metric Histogram(DateTimeOffset time, string unit, double[] bounds, ulong[] counts) => new()
    {
        Name = "duration",
        Unit = unit,
        Histogram = new Histogram
        {
            AggregationTemporality = AggregationTemporality.Cumulative,
            DataPoints =
            {
                new HistogramDataPoint { StartTimeUnixNano = 1, TimeUnixNano = Nanos(time), Count = (ulong)counts.Sum(c => (long)c), ExplicitBounds = { bounds }, BucketCounts = { counts } },
            },
        },
    };

    /// <summary>The histogram with its one point's count set (a histogram of no buckets counts apart from them).</summary>
    public static Metric WithCount(this Metric histogram, ulong count)
    {
        histogram.Histogram.DataPoints[0].Count = count;
        return histogram;
    }

    public static Metric Exponential(DateTimeOffset time, int scale, int offset, ulong[] counts) => new()
    {
        Name = "duration",
        ExponentialHistogram = new ExponentialHistogram
        {
            AggregationTemporality = AggregationTemporality.Cumulative,
            DataPoints =
            {
                new ExponentialHistogramDataPoint
                {
                    StartTimeUnixNano = 1,
                    TimeUnixNano = Nanos(time),
                    Scale = scale,
                    Count = (ulong)counts.Sum(c => (long)c),
                    Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = offset, BucketCounts = { counts } },
                },
            },
        },
    };

    public static Metric Summary(DateTimeOffset time, ulong count, params (double Quantile, double Value)[] quantiles) => new()
    {
        Name = "duration",
        Summary = new Summary
        {
            DataPoints =
            {
                new SummaryDataPoint
                {
                    StartTimeUnixNano = 1,
                    TimeUnixNano = Nanos(time),
                    Count = count,
                    QuantileValues = { quantiles.Select(q => new SummaryDataPoint.Types.ValueAtQuantile { Quantile = q.Quantile, Value = q.Value }) },
                },
            },
        },
    };

    public static ulong Nanos(DateTimeOffset time) => (ulong)time.ToUnixTimeMilliseconds() * 1_000_000;

    public static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static ExportMetricsServiceRequest Export(Metric metric, string? instance = null, string service = "svc") => new()
    {
        ResourceMetrics =
        {
            new ResourceMetrics
            {
                Resource = Service(service, instance),
                ScopeMetrics =
                {
                    new ScopeMetrics
                    {
                        Metrics = { metric },
                    },
                },
            },
        },
    };

    public static Resource Service(string name, string? instance = null) =>
        instance is null
            ? new() { Attributes = { Text("service.name", name) } }
            : new() { Attributes = { Text("service.name", name), Text("service.instance.id", instance) } };

    /// <summary>A log record as the .NET exporter sends it: the message template as the body, its values as attributes.</summary>
    public static ExportLogsServiceRequest Log(string template, params KeyValue[] attributes) => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = Service("svc"),
                ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { TimeUnixNano = Nanos(T0), Body = new AnyValue { StringValue = template }, Attributes = { attributes } } } } },
            },
        },
    };

    /// <summary>A log record of a resource whose <c>service.name</c> attribute has no value.</summary>
    public static ExportLogsServiceRequest NamelessLogs(string body) => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = new Resource { Attributes = { new KeyValue { Key = "service.name" } } },
                ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { TimeUnixNano = Nanos(DateTimeOffset.UtcNow), Body = new AnyValue { StringValue = body } } } } },
            },
        },
    };

    /// <summary>One trace of <paramref name="spans"/> spans: a root and the rest its children.</summary>
    public static ExportTraceServiceRequest Trace(string traceId, int spans)
    {
        var scope = new ScopeSpans();
        var start = Nanos(DateTimeOffset.UtcNow);
        var trace = ByteString.CopyFrom(Convert.FromHexString(traceId));
        var root = ByteString.CopyFrom(BitConverter.GetBytes(1L));
        for (var i = 1; i <= spans; i++)
        {
            scope.Spans.Add(new Span
            {
                TraceId = trace,
                SpanId = i == 1 ? root : ByteString.CopyFrom(BitConverter.GetBytes((long)i)),
                ParentSpanId = i == 1 ? ByteString.Empty : root,
                Name = "op",
                StartTimeUnixNano = start + (ulong)i * 1000,
                EndTimeUnixNano = start + (ulong)i * 1000 + 500,
            });
        }

        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = Service("big"), ScopeSpans = { scope } } } };
    }
}
