using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Platform.Hosting.Telemetry.Otlp;
using Platform.Hosting.Testing;
using DistributedApplication = Platform.Hosting.DistributedApplication;

namespace Platform.Dashboard.Tests;

/// <summary>The OTLP receiver: what it takes, what it refuses and how it says so.</summary>
[Collection(DashboardServers.Name)]
public sealed class OtlpReceiverTests(DashboardFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private DistributedApplication App => fixture.App;

    [Fact]
    public async Task The_receiver_takes_gzipped_logs_with_the_key_and_refuses_a_wrong_key_or_a_bad_body()
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var export = new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new ResourceLogs
                {
                    Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "probe" } } } },
                    ScopeLogs =
                    {
                        new ScopeLogs
                        {
                            Scope = new InstrumentationScope { Name = "Probe.Category" },
                            LogRecords =
                            {
                                new LogRecord
                                {
                                    TimeUnixNano = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
                                    SeverityNumber = 17,
                                    Body = new AnyValue { StringValue = "Order {OrderId} failed" },
                                    Attributes = { new KeyValue { Key = "OrderId", Value = new AnyValue { IntValue = 42 } } },
                                    TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
                                },
                            },
                        },
                    },
                },
            },
        };
        using var otlp = new HttpClient { BaseAddress = new Uri($"http://localhost:{App.Options.OtlpPort}") };

        Assert.Equal(HttpStatusCode.OK, (await otlp.SendAsync(OtlpPost.Request("/v1/logs", Gzip(export.ToByteArray()), App.Options.OtlpApiKey), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otlp.SendAsync(OtlpPost.Request("/v1/logs", Gzip(export.ToByteArray()), "wrong-key"), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otlp.SendAsync(OtlpPost.Request("/v1/metrics", [], null), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await otlp.SendAsync(OtlpPost.Request("/v1/metrics", "not protobuf"u8.ToArray(), App.Options.OtlpApiKey), Cancel)).StatusCode);

        using var client = App.CreateDashboardClient();
        var entries = (await client.GetFromJsonAsync<JsonElement>($"/api/logs?traceId={traceId}", Cancel)).GetProperty("entries");
        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal("Order 42 failed", entry.GetProperty("message").GetString());
        Assert.Equal("Error", entry.GetProperty("level").GetString());
        Assert.Equal("probe", entry.GetProperty("service").GetString());
        Assert.Equal("Probe.Category", entry.GetProperty("category").GetString());
    }

    [Fact]
    public async Task The_receiver_refuses_json_as_an_unsupported_media_type_and_a_body_over_16_MB_as_too_large()
    {
        using var otlp = new HttpClient { BaseAddress = new Uri($"http://localhost:{App.Options.OtlpPort}") };
        using var json = new HttpRequestMessage(HttpMethod.Post, "/v1/logs") { Content = new StringContent("""{"resourceLogs":[]}""", System.Text.Encoding.UTF8, "application/json") };
        json.Headers.Add("x-otlp-api-key", App.Options.OtlpApiKey);

        var unsupported = await otlp.SendAsync(json, Cancel);
        var tooLarge = await otlp.SendAsync(OtlpPost.Request("/v1/logs", new byte[(16 * 1024 * 1024) + 1], App.Options.OtlpApiKey), Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        Assert.Contains("http/protobuf", await unsupported.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task The_receiver_files_the_logs_of_a_resource_whose_service_name_has_no_value_under_unknown()
    {
        var text = "nameless " + Guid.NewGuid();
        using var otlp = new HttpClient { BaseAddress = new Uri($"http://localhost:{App.Options.OtlpPort}") };

        var response = await otlp.SendAsync(OtlpPost.Request("/v1/logs", OtlpExports.NamelessLogs(text).ToByteArray(), App.Options.OtlpApiKey), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var client = App.CreateDashboardClient();
        var entries = (await client.GetFromJsonAsync<JsonElement>($"/api/logs?text={Uri.EscapeDataString(text)}", Cancel)).GetProperty("entries");
        Assert.Equal("unknown", Assert.Single(entries.EnumerateArray()).GetProperty("service").GetString());
    }

    [Fact]
    public async Task The_receiver_reads_an_exponential_histogram_into_percentiles()
    {
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var metric = new Metric
        {
            Name = "probe.duration",
            Unit = "s",
            ExponentialHistogram = new ExponentialHistogram
            {
                AggregationTemporality = AggregationTemporality.Delta,
                DataPoints =
                {
                    new ExponentialHistogramDataPoint
                    {
                        StartTimeUnixNano = now - 10_000_000_000, TimeUnixNano = now, Count = 100, Sum = 300, Scale = 0,
                        Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 0, BucketCounts = { 10, 80, 10 } },
                    },
                },
            },
        };
        var export = new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "exponential-probe" } } } },
                    ScopeMetrics = { new ScopeMetrics { Metrics = { metric } } },
                },
            },
        };
        using var otlp = new HttpClient { BaseAddress = new Uri($"http://localhost:{App.Options.OtlpPort}") };
        Assert.Equal(HttpStatusCode.OK, (await otlp.SendAsync(OtlpPost.Request("/v1/metrics", export.ToByteArray(), App.Options.OtlpApiKey), Cancel)).StatusCode);

        using var client = App.CreateDashboardClient();
        var window = await client.GetFromJsonAsync<JsonElement>("/api/metrics/exponential-probe/probe.duration?window=60", Cancel);
        Assert.Equal("Histogram", window.GetProperty("kind").GetString());
        Assert.Equal(100, window.GetProperty("count").GetInt64());
        Assert.Equal(3, window.GetProperty("p50").GetDouble());
        Assert.Equal(4, window.GetProperty("p90").GetDouble());
        Assert.Equal(7.6, window.GetProperty("p99").GetDouble(), 10);
    }

    [Fact]
    public async Task The_receiver_refuses_an_exponential_histogram_no_exporter_produces()
    {
        using var otlp = new HttpClient { BaseAddress = new Uri($"http://localhost:{App.Options.OtlpPort}") };
        var outsideTheScales = OtlpExports.Export(OtlpExports.Exponential(DateTimeOffset.UtcNow, scale: 21, offset: 0, [1]), service: "exponential-impossible");
        var beyondAnyDouble = OtlpExports.Export(OtlpExports.Exponential(DateTimeOffset.UtcNow, scale: 0, offset: int.MaxValue - 2, [1, 1, 1, 1, 1]), service: "exponential-impossible");

        var scale = await otlp.SendAsync(OtlpPost.Request("/v1/metrics", outsideTheScales.ToByteArray(), App.Options.OtlpApiKey), Cancel);
        var buckets = await otlp.SendAsync(OtlpPost.Request("/v1/metrics", beyondAnyDouble.ToByteArray(), App.Options.OtlpApiKey), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, scale.StatusCode);
        Assert.Contains("scale 21", await scale.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, buckets.StatusCode);
        Assert.Empty(App.Telemetry.Metrics.Instruments("exponential-impossible"));
    }

    [Fact]
    public async Task The_receiver_answers_an_export_it_cannot_file_with_400_and_the_reason()
    {
        // Two points of one summary whose counts no long holds together.
        var summary = OtlpExports.Summary(DateTimeOffset.UtcNow, count: long.MaxValue);
        summary.Summary.DataPoints.Add(summary.Summary.DataPoints[0].Clone());
        using var otlp = new HttpClient { BaseAddress = new Uri($"http://localhost:{App.Options.OtlpPort}") };

        var response = await otlp.SendAsync(OtlpPost.Request("/v1/metrics", OtlpExports.Export(summary, service: "overflowing").ToByteArray(), App.Options.OtlpApiKey), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("overflow", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(body);
        }

        return buffer.ToArray();
    }
}
