using System.Net;
using Google.Protobuf;
using Microsoft.Playwright;
using Platform.Hosting.Telemetry.Otlp;
using Platform.Hosting.Testing;
using static Microsoft.Playwright.Assertions;
using static Platform.Dashboard.Tests.OtlpExports;

namespace Platform.Dashboard.Tests;

/// <summary>A search that matches more than a page shows says so, rather than reading as all there is.</summary>
public sealed class ResultLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/structured", "500 of 501 matching records shown (the newest)")]
    [InlineData("/traces", "200 of 201 matching traces shown")]
    public async Task A_search_matching_more_than_the_page_shows_says_how_many_matched(string path, string summary)
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/logs", Logs(501))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/traces", Traces(201))).StatusCode);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = await OsPackages.LocateAsync("chromium", "chromium", Cancel), Headless = true });
        var page = await browser.NewPageAsync(new() { BaseURL = app.DashboardUrl.ToString() });
        await page.GotoAsync(app.LoginUrl.ToString());

        await page.GotoAsync(path);

        await Expect(page.Locator("#summary")).ToContainTextAsync(summary);
    }

    private static ExportLogsServiceRequest Logs(int count)
    {
        var export = Log("first");
        var records = export.ResourceLogs[0].ScopeLogs[0].LogRecords;
        for (var i = 1; i < count; i++)
        {
            records.Add(new LogRecord { TimeUnixNano = Nanos(T0.AddSeconds(i)), Body = new AnyValue { StringValue = $"record {i}" } });
        }

        return export;
    }

    private static ExportTraceServiceRequest Traces(int count)
    {
        var export = Trace(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), 1);
        var spans = export.ResourceSpans[0].ScopeSpans[0].Spans;
        for (var i = 1; i < count; i++)
        {
            var span = spans[0].Clone();
            span.TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
            spans.Add(span);
        }

        return export;
    }
}
