using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Playwright;
using Platform.Hosting.Telemetry.Otlp;
using Platform.Hosting.Testing;
using static Microsoft.Playwright.Assertions;

namespace Platform.Dashboard.Tests;

/// <summary>Telemetry kept across an AppHost restart on the same data folder, and the disk it takes.</summary>
public sealed class PersistenceTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Spans_and_logs_received_before_a_restart_are_shown_after_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "platform-persist-" + Guid.NewGuid().ToString("N")[..8]);
        var traceId = Guid.NewGuid().ToString("N");
        try
        {
            await using (var first = DistributedApplicationTestingBuilder.Create(o => { o.DataDirectory = folder; o.Ephemeral = false; }).Build())
            {
                await first.StartAsync(Cancel);
                Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(first, "/v1/traces", Trace(traceId))).StatusCode);
            }

            await using var second = DistributedApplicationTestingBuilder.Create(o => o.DataDirectory = folder).Build();
            await second.StartAsync(Cancel);
            using var client = second.CreateDashboardClient();

            var trace = await client.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}", Cancel);

            var span = Assert.Single(trace.GetProperty("spans").EnumerateArray());
            Assert.Equal("checkout", span.GetProperty("service").GetString());
            Assert.Equal("PlaceOrder", span.GetProperty("name").GetString());
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_limits_count_the_disk_of_both_journals()
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/traces", Trace(Guid.NewGuid().ToString("N")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/metrics", OtlpExports.Export(OtlpExports.Gauge("queue", DateTimeOffset.UtcNow, 3)))).StatusCode);
        app.Telemetry.Journal!.Flush();
        app.Telemetry.MetricsJournal!.Flush();
        using var client = app.CreateDashboardClient();

        var disk = (await client.GetFromJsonAsync<JsonElement>("/api/telemetry/limits", Cancel)).GetProperty("disk");

        var onDisk = Directory.EnumerateFiles(Path.Combine(app.Options.DataDirectory, ".telemetry"), "*.otlp", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.Equal(onDisk, disk.GetProperty("usedBytes").GetInt64());
        Assert.Equal(2 * app.Options.Telemetry.MaxDiskBytes, disk.GetProperty("maxBytes").GetInt64());
    }

    [Fact]
    public async Task An_export_larger_than_the_disk_bound_is_shown_and_counted_as_not_journaled()
    {
        await using var app = DistributedApplicationTestingBuilder.Create(o => o.Telemetry.MaxDiskBytes = 1024 * 1024).Build();
        await app.StartAsync(Cancel);
        var traceId = Guid.NewGuid().ToString("N");

        // About 2.5 MB: more than the whole journal may hold.
        var response = await OtlpPost.SendAsync(app, "/v1/traces", OtlpExports.Trace(traceId, 40_000));
        app.Telemetry.Journal!.Flush();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(40_000, app.Traces.GetTrace(traceId).Count);
        using var client = app.CreateDashboardClient();
        var limits = await client.GetFromJsonAsync<JsonElement>("/api/telemetry/limits", Cancel);
        Assert.Equal(1, limits.GetProperty("journal").GetProperty("tooLarge").GetInt64());
        Assert.InRange(app.Telemetry.Journal.SizeBytes, 0, app.Options.Telemetry.MaxDiskBytes);
    }

    [Fact]
    public async Task The_banner_says_an_export_too_large_for_the_journal_is_shown_but_not_kept_on_disk_not_that_telemetry_was_dropped()
    {
        await using var app = DistributedApplicationTestingBuilder.Create(o => o.Telemetry.MaxDiskBytes = 1024 * 1024).Build();
        await app.StartAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/traces", OtlpExports.Trace(Guid.NewGuid().ToString("N"), 40_000))).StatusCode);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = await OsPackages.LocateAsync("chromium", "chromium", Cancel), Headless = true });
        var page = await browser.NewPageAsync(new() { BaseURL = app.DashboardUrl.ToString() });
        await page.GotoAsync(app.LoginUrl.ToString());

        await page.GotoAsync("/traces");

        await Expect(page.Locator("#truncation")).ToHaveTextAsync("Shown but not kept on disk: 1 export too large for the journal.");
    }

    [Fact]
    public async Task An_export_the_journal_cannot_write_is_taken_and_shown_and_the_failure_counted()
    {
        await using var app = DistributedApplicationTestingBuilder.Create(o => o.Telemetry.MaxDiskBytes = 1024 * 1024).Build();
        await app.StartAsync(Cancel);
        var journal = Path.Combine(app.Options.DataDirectory, ".telemetry", "spans-and-logs");
        var traceId = Guid.NewGuid().ToString("N");
        try
        {
            // The folder replaced by a file (root ignores a read-only folder's permissions); an export
            // larger than a segment (an eighth of the bound) makes the journal open a new one there.
            Directory.Delete(journal, recursive: true);
            await File.WriteAllTextAsync(journal, "not a folder", Cancel);

            var response = await OtlpPost.SendAsync(app, "/v1/traces", OtlpExports.Trace(traceId, 3_000));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(3_000, app.Traces.GetTrace(traceId).Count);
            using var client = app.CreateDashboardClient();
            var limits = await client.GetFromJsonAsync<JsonElement>("/api/telemetry/limits", Cancel);
            Assert.Equal(1, limits.GetProperty("journal").GetProperty("notWritten").GetInt64());
        }
        finally
        {
            File.Delete(journal);
        }
    }

    private static ExportTraceServiceRequest Trace(string traceId)
    {
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        return new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "checkout" } } } },
                    ScopeSpans =
                    {
                        new ScopeSpans
                        {
                            Spans =
                            {
                                new Span
                                {
                                    TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
                                    SpanId = ByteString.CopyFrom(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }),
                                    Name = "PlaceOrder",
                                    Kind = Span.Types.SpanKind.Server,
                                    StartTimeUnixNano = now,
                                    EndTimeUnixNano = now + 3_000_000,
                                },
                            },
                        },
                    },
                },
            },
        };
    }
}
