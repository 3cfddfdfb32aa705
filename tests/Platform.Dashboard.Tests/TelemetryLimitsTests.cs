using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Platform.Hosting.Telemetry.Otlp;
using Platform.Hosting.Testing;
using static Microsoft.Playwright.Assertions;
using static Platform.Dashboard.Tests.OtlpExports;

namespace Platform.Dashboard.Tests;

/// <summary>One record's size: what an exporter sends beyond the per-record limits is cut at the receiver, and says so.</summary>
public sealed class TelemetryLimitsTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_span_with_a_1_MB_attribute_200_attributes_and_200_events_is_shown_cut_to_the_limits_with_what_was_cut()
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var export = Trace(traceId, 1);
        var span = export.ResourceSpans[0].ScopeSpans[0].Spans[0];
        span.Attributes.Add(Text("payload", new string('x', 1024 * 1024)));
        span.Attributes.Add(Enumerable.Range(0, 200).Select(i => Text($"a{i}", "v")));
        span.Events.Add(Enumerable.Range(0, 200).Select(i => new Span.Types.Event { Name = $"e{i}", TimeUnixNano = span.StartTimeUnixNano }));

        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/traces", export)).StatusCode);
        using var client = app.CreateDashboardClient();
        var shown = await client.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}/spans/{Convert.ToHexStringLower(span.SpanId.Span)}", Cancel);

        // 16,384 characters in all, the note of the 1,032,222 cut among them.
        var attributes = shown.GetProperty("attributes");
        Assert.Equal(new string('x', 16_354) + " … (1,032,222 more characters)", attributes.GetProperty("payload").GetString());
        Assert.Equal(128, attributes.EnumerateObject().Count());
        Assert.True(attributes.TryGetProperty("a126", out _));
        Assert.False(attributes.TryGetProperty("a127", out _));
        Assert.Equal(73, shown.GetProperty("droppedAttributes").GetInt64());
        Assert.Equal(128, shown.GetProperty("events").GetArrayLength());
        Assert.Equal(72, shown.GetProperty("droppedEvents").GetInt64());
    }

    [Fact]
    public async Task The_span_panel_says_how_many_attributes_and_events_were_dropped()
    {
        await using var app = DistributedApplicationTestingBuilder.Create(o => { o.Telemetry.MaxAttributeCount = 2; o.Telemetry.MaxSpanEventCount = 1; }).Build();
        await app.StartAsync(Cancel);
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var export = Trace(traceId, 1);
        var span = export.ResourceSpans[0].ScopeSpans[0].Spans[0];
        span.Attributes.Add(Enumerable.Range(0, 5).Select(i => Text($"a{i}", "v")));
        span.Events.Add(Enumerable.Range(0, 3).Select(i => new Span.Types.Event { Name = $"e{i}", TimeUnixNano = span.StartTimeUnixNano, Attributes = { Text("x", "1"), Text("y", "2"), Text("z", "3") } }));
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/traces", export)).StatusCode);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = await OsPackages.LocateAsync("chromium", "chromium", Cancel), Headless = true });
        var page = await browser.NewPageAsync(new() { BaseURL = app.DashboardUrl.ToString() });
        await page.GotoAsync(app.LoginUrl.ToString());

        await page.GotoAsync($"/traces/{traceId}");
        await page.Locator(".wf-row").First.ClickAsync();

        await Expect(page.Locator("#span h3").First).ToHaveTextAsync("Attributes (3 more dropped)");
        await Expect(page.Locator("#span h3").Nth(1)).ToHaveTextAsync("Events (2 more dropped)");
        await Expect(page.Locator("#span h4")).ToContainTextAsync("e0 (1 more dropped)");
    }

    [Fact]
    public async Task The_limits_say_what_one_record_may_hold()
    {
        await using var app = DistributedApplicationTestingBuilder.Create(o => o.Telemetry.MaxAttributeLength = 4096).Build();
        await app.StartAsync(Cancel);
        using var client = app.CreateDashboardClient();

        var records = (await client.GetFromJsonAsync<JsonElement>("/api/telemetry/limits", Cancel)).GetProperty("records");

        Assert.Equal(128, records.GetProperty("maxAttributeCount").GetInt32());
        Assert.Equal(4096, records.GetProperty("maxAttributeLength").GetInt32());
        Assert.Equal(128, records.GetProperty("maxSpanEventCount").GetInt32());
        Assert.Equal(128, records.GetProperty("maxSpanLinkCount").GetInt32());
    }
}
