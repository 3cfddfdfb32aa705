using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Playwright;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// The dashboard in headless Chromium (the OS package): a 10,000-span trace from navigation to the
/// painted waterfall (baseline: a 10-span trace, same page, same run), and how long a resource's
/// state change takes to show in the resources view (baseline: the same event stream read by a
/// .NET client, so the difference is the browser's share).
/// </summary>
internal sealed class DashboardBrowserScenario : IScenario
{
    public string Name => "dashboard-browser";

    public string Description => "10,000-span trace rendered in Chromium; resource state change shown in the resources view";

    public async Task<BenchReport> RunAsync(int iterations)
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRedis("redis");
        await using var app = builder.Build();
        await app.StartAsync();
        var large = OtlpPayloads.Traces(10_000, 10_000, DateTimeOffset.UtcNow);
        var small = OtlpPayloads.Traces(10, 10, DateTimeOffset.UtcNow);
        await ExportAsync(app, large);
        await ExportAsync(app, small);

        var chromium = await OsPackages.LocateAsync("chromium", "chromium");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { BaseURL = app.DashboardUrl.ToString() });
        await page.GotoAsync(app.LoginUrl.ToString());

        var largeMs = new List<double>();
        var smallMs = new List<double>();
        for (var i = 0; i < iterations + 1; i++)
        {
            var l = await RenderAsync(page, OtlpPayloads.TraceIdOf(large), 10_000);
            var s = await RenderAsync(page, OtlpPayloads.TraceIdOf(small), 10);
            if (i > 0)
            {
                largeMs.Add(l);
                smallMs.Add(s);
            }
        }

        var (browserLags, streamLags) = await StateChangeLagsAsync(app, page, Math.Max(3, iterations * 2));
        return new BenchReport(Name, BenchArguments.MachineDescription() + ", headless Chromium", [
            new("10,000-span trace: navigation to painted waterfall (median)", BenchArguments.Median(largeMs), "ms", "10-span trace", BenchArguments.Median(smallMs), Target: 1000),
            new("state change shown in the resources view (median)", BenchArguments.Median(browserLags), "ms", ".NET client of the same stream", BenchArguments.Median(streamLags)),
            new("state change shown in the resources view (worst)", browserLags.Max(), "ms", ".NET client of the same stream", streamLags.Max(), Target: 1000),
        ]);
    }

    private static async Task<double> RenderAsync(IPage page, string traceId, int spans)
    {
        await page.GotoAsync($"/traces/{traceId}");
        await page.WaitForFunctionAsync($"() => document.body.dataset.rendered == {spans} && window.renderedAt", null, new() { Timeout = 30_000 });
        return await page.EvaluateAsync<double>("window.renderedAt");
    }

    /// <summary>Stops and starts Redis; for each state the engine publishes, when the page and a plain stream reader saw it (same clock).</summary>
    private static async Task<(List<double> Browser, List<double> Stream)> StateChangeLagsAsync(DistributedApplication app, IPage page, int cycles)
    {
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("tr[data-resource='redis'][data-state='Running']");
        await page.EvaluateAsync("""
            () => {
              window.changes = [];
              new MutationObserver(() => {
                const state = document.querySelector("tr[data-resource='redis']").dataset.state;
                if (window.changes.at(-1)?.state !== state) window.changes.push({ state, at: performance.timeOrigin + performance.now() });
              }).observe(document.querySelector('#resources tbody'), { subtree: true, childList: true, attributes: true });
            }
            """);
        using var stop = new CancellationTokenSource();
        var engine = new List<(string State, double At)>();
        var stream = new List<(string State, double At)>();
        var engineWatch = WatchEngineAsync(app, engine, stop.Token);
        var streamWatch = WatchStreamAsync(app, stream, stop.Token);
        using var client = app.CreateDashboardClient();
        for (var i = 0; i < cycles; i++)
        {
            await client.PostAsync(new Uri("/api/resources/redis/stop", UriKind.Relative), null);
            await app.WaitForResourceAsync("redis", s => s.State == ResourceState.Exited);
            await client.PostAsync(new Uri("/api/resources/redis/start", UriKind.Relative), null);
            await app.WaitForResourceAsync("redis", s => s.State == ResourceState.Running);
        }

        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(engineWatch, streamWatch);
        var seen = (await page.EvaluateAsync<JsonElement>("window.changes")).EnumerateArray()
            .Select(c => (c.GetProperty("state").GetString()!, c.GetProperty("at").GetDouble())).ToList();
        return (Lags(engine, seen), Lags(engine, stream));
    }

    /// <summary>For each engine change, the first later sighting of the same state.</summary>
    private static List<double> Lags(List<(string State, double At)> engine, List<(string State, double At)> seen) =>
        engine.Select(e => seen.FirstOrDefault(s => s.State == e.State && s.At >= e.At - 5) is { State: not null } s ? s.At - e.At : double.NaN)
            .Where(l => !double.IsNaN(l)).ToList();

    private static async Task WatchEngineAsync(DistributedApplication app, List<(string, double)> changes, CancellationToken cancellationToken)
    {
        var last = ResourceState.Running;
        try
        {
            await foreach (var s in app.ResourceNotifications.WatchAsync(cancellationToken))
            {
                if (s.Name == "redis" && s.State != last)
                {
                    last = s.State;
                    changes.Add((s.State.ToString(), Now()));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The cycles are over.
        }
    }

    private static async Task WatchStreamAsync(DistributedApplication app, List<(string, double)> changes, CancellationToken cancellationToken)
    {
        using var client = app.CreateDashboardClient();
        var last = "Running";
        try
        {
            using var body = await client.GetStreamAsync(new Uri("/api/stream/resources", UriKind.Relative), cancellationToken);
            using var reader = new StreamReader(body);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonDocument.Parse(line[6..]).RootElement is var s
                    && s.GetProperty("name").GetString() == "redis" && s.GetProperty("state").GetString() is { } state && state != last)
                {
                    last = state;
                    changes.Add((state, Now()));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The cycles are over.
        }
    }

    private static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static async Task ExportAsync(DistributedApplication app, Google.Protobuf.IMessage export)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://localhost:{app.Options.OtlpPort}") };
        using var content = new ByteArrayContent(export.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = content };
        request.Headers.Add("x-otlp-api-key", app.Options.OtlpApiKey);
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }
}
