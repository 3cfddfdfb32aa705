using System.Diagnostics;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Hosting.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// OTLP/HTTP span ingest into the dashboard (parse, store, index, journal to disk) against the
/// same posts to a bare Kestrel endpoint that only reads the body, same client, same run.
/// </summary>
internal sealed class DashboardIngestScenario : IScenario
{
    private const int SpansPerExport = 512;
    private const int Senders = 4;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    // The next export to send, counted across senders and runs.
    private int _next = -1;

    public string Name => "dashboard-ingest";

    public string Description => "OTLP/HTTP spans per second into the dashboard (with its journal) vs. a bare Kestrel endpoint reading the bodies";

    public async Task<BenchReport> RunAsync(int iterations)
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync();

        // Exports of 512 spans, the OpenTelemetry SDK's default batch, in traces of 20 spans; sent in
        // turn, and twice as many as the store keeps, so an export's spans have been dropped before it
        // comes again: every trace arrives new to the store, as a service's do.
        var exports = (2 * app.Traces.Capacity / SpansPerExport) + 1;
        var payloads = Enumerable.Range(0, exports).Select(i => OtlpPayloads.Traces(SpansPerExport, 20, DateTimeOffset.UtcNow.AddSeconds(i)).ToByteArray()).ToArray();
        await using var bare = await StartBareAsync();
        var bareUrl = bare.Urls.First();

        var ingest = new List<double>();
        var baseline = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            baseline.Add(await SpansPerSecondAsync(new Uri(bareUrl), "none", payloads));
            ingest.Add(await SpansPerSecondAsync(new Uri($"http://localhost:{app.Options.OtlpPort}"), app.Options.OtlpApiKey, payloads));
        }

        return new BenchReport(Name, BenchArguments.MachineDescription() + $", {Senders} senders, exports of {SpansPerExport} spans, {Duration.TotalSeconds:0} s", [
            new("spans/s ingested (median)", BenchArguments.Median(ingest), "spans/s", "bare endpoint reading bodies", BenchArguments.Median(baseline), LowerBound: 20_000),
            new("spans kept in the store after the runs", app.Traces.Count, "spans"),
        ]);
    }

    private async Task<double> SpansPerSecondAsync(Uri address, string key, byte[][] payloads)
    {
        using var client = new HttpClient { BaseAddress = address };
        var sent = 0L;
        async Task SendAsync(TimeSpan time, bool count)
        {
            var until = Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                using var content = new ByteArrayContent(payloads[(int)((uint)Interlocked.Increment(ref _next) % payloads.Length)]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = content };
                request.Headers.Add("x-otlp-api-key", key);
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
                if (count)
                {
                    Interlocked.Add(ref sent, SpansPerExport);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendAsync(WarmUp, count: false)));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendAsync(Duration, count: true)));
        return sent / clock.Elapsed.TotalSeconds;
    }

    private static async Task<WebApplication> StartBareAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var bare = builder.Build();
        bare.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            return Results.Bytes([], "application/x-protobuf");
        });
        await bare.StartAsync();
        return bare;
    }
}
