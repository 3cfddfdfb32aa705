using System.Net;
using Microsoft.Playwright;
using Platform.Hosting.Testing;
using static Microsoft.Playwright.Assertions;
using static Platform.Dashboard.Tests.OtlpExports;

namespace Platform.Dashboard.Tests;

/// <summary>A span's details on the trace page, as an operator reads them beside the logs.</summary>
public sealed class SpanPanelTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_span_starts_at_the_viewers_local_time_as_the_logs_and_traces_pages_show_it()
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var export = Trace(traceId, 1);
        var span = export.ResourceSpans[0].ScopeSpans[0].Spans[0];
        span.StartTimeUnixNano = Nanos(T0.AddMilliseconds(250));
        span.EndTimeUnixNano = span.StartTimeUnixNano + 1_000_000;
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/traces", export)).StatusCode);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = await OsPackages.LocateAsync("chromium", "chromium", Cancel), Headless = true });

        // Kathmandu is 5:45 ahead of UTC all year: 10:00:00.250 UTC is 15:45:00.250 there.
        var page = await browser.NewPageAsync(new() { BaseURL = app.DashboardUrl.ToString(), TimezoneId = "Asia/Kathmandu", Locale = "en-GB" });
        await page.GotoAsync(app.LoginUrl.ToString());
        await page.GotoAsync($"/traces/{traceId}");
        await page.Locator(".wf-row").First.ClickAsync();

        await Expect(page.Locator("#span dt:text-is('Start') + dd")).ToHaveTextAsync("24/11/2026 15:45:00.250");
    }
}
