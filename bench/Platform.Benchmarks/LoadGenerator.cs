using System.Diagnostics;

namespace Platform.Benchmarks;

/// <summary>Closed-loop load: N callers repeat a call for a fixed time after a warm-up; latencies of every call kept.</summary>
internal static class LoadGenerator
{
    /// <param name="server">
    /// The process that serves the calls, when it runs on this machine: its processor time over the
    /// measured window, per call, is reported too (<see cref="LoadResult.ServerMicrosecondsPerCall"/>).
    /// </param>
    public static async Task<LoadResult> RunAsync(int callers, TimeSpan warmUp, TimeSpan duration, Func<Task> call, Process? server = null)
    {
        await RunForAsync(callers, warmUp, call, record: null);
        var latencies = new List<double>[callers];
        var serverTimeBefore = ProcessorTime(server);
        var clock = Stopwatch.StartNew();
        await RunForAsync(callers, duration, call, latencies);
        var elapsed = clock.Elapsed.TotalSeconds;
        var serverTime = ProcessorTime(server) - serverTimeBefore;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99))
        {
            ServerMicrosecondsPerCall = server is null || all.Length == 0 ? null : serverTime.TotalMicroseconds / all.Length,
        };
    }

    private static TimeSpan ProcessorTime(Process? process)
    {
        if (process is null)
        {
            return TimeSpan.Zero;
        }

        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static Task RunForAsync(int callers, TimeSpan time, Func<Task> call, List<double>[]? record)
    {
        var until = Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            var mine = new List<double>(100_000);
            if (record is not null)
            {
                record[caller] = mine;
            }

            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                await call();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
    }

    /// <summary>
    /// Open-loop load: calls start on a fixed schedule (<paramref name="rate"/> per second) whether
    /// or not earlier ones finished, so a slow response cannot hide by slowing the callers down.
    /// A call's latency runs from when it was sent: the timer that paces the calls wakes up to a
    /// millisecond late, which is the harness's delay, not the server's.
    /// </summary>
    /// <param name="before">The harness's own set-up of each call (e.g. invalidating a cache), done before its clock starts.</param>
    public static async Task<LoadResult> RunAtRateAsync(int rate, TimeSpan duration, Func<Task> call, Func<Task>? before = null)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var start = Stopwatch.GetTimestamp();
        await PaceAsync(rate, total, async index =>
        {
            if (before is not null)
            {
                await before();
            }

            var sent = Stopwatch.GetTimestamp();
            await call();
            latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        });
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(total / elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>Starts <paramref name="total"/> calls on a fixed schedule of <paramref name="rate"/> per second; returns when all finished.</summary>
    public static async Task PaceAsync(int rate, int total, Func<int, Task> call)
    {
        var calls = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / (double)rate);
            if (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due));
            }

            var index = i;
            calls.Add(Task.Run(() => call(index)));
        }

        await Task.WhenAll(calls);
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

internal sealed record LoadResult(double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds)
{
    /// <summary>The serving process's processor time (user and kernel, all threads) per call, in microseconds.</summary>
    public double? ServerMicrosecondsPerCall { get; init; }
}
