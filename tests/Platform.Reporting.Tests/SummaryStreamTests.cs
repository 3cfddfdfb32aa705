using System.Diagnostics;
using Grpc.Core;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>The impact summary stream when its replica goes away (a deploy, a scale-down). A Reporting service of its own, which the test stops for good.</summary>
public sealed class SummaryStreamTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stopping_replica_ends_its_summary_streams_with_Unavailable_at_once_and_stops_promptly()
    {
        await using var reporting = await BlankReporting.StartAsync(Cancel);
        using var watch = reporting.Analyst.WatchImpactSummary(new WatchImpactSummaryRequest(), cancellationToken: Cancel);
        Assert.True(await watch.ResponseStream.MoveNext(Cancel));

        var clock = Stopwatch.StartNew();
        var end = EndAsync(watch, clock);
        await reporting.App.StopResourceAsync("reporting", Cancel);
        var stopped = clock.Elapsed;
        var (status, endedAfter) = await end;

        // Unavailable: the watcher's cue to watch again, on another replica. The engine kills a replica still running after 5 s.
        Assert.Equal(StatusCode.Unavailable, status);
        Assert.True(endedAfter < TimeSpan.FromSeconds(3), $"the stream ended {endedAfter.TotalSeconds:0.0} s after the stop began");
        Assert.True(stopped < TimeSpan.FromSeconds(4), $"the replica took {stopped.TotalSeconds:0.0} s to stop");
    }

    /// <summary>How the stream ended (OK when it just ended) and when.</summary>
    private static async Task<(StatusCode Status, TimeSpan At)> EndAsync(AsyncServerStreamingCall<ImpactSummary> watch, Stopwatch clock)
    {
        try
        {
            while (await watch.ResponseStream.MoveNext(Cancel))
            {
            }

            return (StatusCode.OK, clock.Elapsed);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled)
        {
            return (ex.StatusCode, clock.Elapsed);
        }
    }
}
