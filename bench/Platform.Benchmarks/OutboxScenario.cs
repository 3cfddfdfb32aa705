using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.Hosting;
using Platform.Hosting.Testing;
using Platform.Messaging.Probe;

namespace Platform.Benchmarks;

/// <summary>
/// The outbox pipeline (a request commits a change with its event; the relay publishes it with a
/// confirm; the consumer commits its effect with the message id in its inbox) against plain
/// MassTransit doing the same work in the same run on the same broker and database: the change
/// committed, then published directly; the consumer commits the same effect, without an inbox.
/// Also measured: pure messaging (publish, consume, no database), for reference.
/// Throughput with 32 writers, and commit-to-effect latency at a steady 500 events/s.
/// </summary>
internal sealed class OutboxScenario : IScenario
{
    private const int Writers = 32;
    private const int ThroughputEvents = 10_000;
    private const int SteadyRate = 500;
    private static readonly TimeSpan SteadyDuration = TimeSpan.FromSeconds(20);

    public string Name => "outbox";

    public string Description => "commit -> consumer effect through the outbox vs. plain MassTransit publish -> consume (events/s, p50/p99 at 500/s)";

    public async Task<BenchReport> RunAsync(int iterations)
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var database = builder.AddPostgres("postgres").AddDatabase("probedb");
        builder.AddRabbitMQ("rabbitmq");
        await using var app = builder.Build();
        await app.StartAsync();
        var rabbitMq = app.GetConnectionString("rabbitmq");

        await using var probe = await ProbeUnderTest.StartAsync(database.Resource.ConnectionString, rabbitMq);
        await using var plain = await PlainBus<PlainChanged>.StartAsync(rabbitMq, "bench-plain", effect: _ => Task.CompletedTask);
        await using var direct = await PlainBus<DirectChanged>.StartAsync(rabbitMq, "bench-direct", probe.ApplyEffectAsync);
        Func<Task> plainWrite = () => plain.PublishAsync(id => new PlainChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, id, "bench", "v"));
        Func<Task<CommittedChange>> outboxWrite = probe.CommitAsync;
        Func<Task<CommittedChange>> directWrite = () => probe.CommitThenPublishAsync(direct.Publisher);

        // Warm-up: every path JIT-compiled and tiered up before anything counts.
        for (var round = 0; round < 3; round++)
        {
            await ThroughputAsync(plain.Effects, plainWrite);
            await ThroughputAsync(direct.Effects, directWrite);
            await ThroughputAsync(probe.Effects, outboxWrite);
        }

        var outbox = new List<double>();
        var directRates = new List<double>();
        var messaging = new List<double>();
        var outboxSteady = new List<LatencyResult>();
        var directSteady = new List<LatencyResult>();
        for (var i = 0; i < iterations; i++)
        {
            messaging.Add(await ThroughputAsync(plain.Effects, plainWrite));
            directRates.Add(await ThroughputAsync(direct.Effects, directWrite));
            outbox.Add(await ThroughputAsync(probe.Effects, outboxWrite));
            directSteady.Add(await SteadyAsync(direct.Effects, directWrite));
            outboxSteady.Add(await SteadyAsync(probe.Effects, outboxWrite));
        }

        var rate = BenchArguments.Median(outbox);
        var directRate = BenchArguments.Median(directRates);
        return new BenchReport(Name, BenchArguments.MachineDescription() + $", {ThroughputEvents} events by {Writers} writers; {SteadyRate}/s for {SteadyDuration.TotalSeconds:0} s", [
            new("outbox: commit -> effect throughput (median)", rate, "events/s", "plain: commit, publish -> consume, effect", directRate),
            new("throughput kept: outbox / plain (target >= 0.5)", rate / directRate, "x", LowerBound: 0.5),
            new("reference: pure messaging, publish -> consume, no database (median)", BenchArguments.Median(messaging), "events/s"),
            new("reference: outbox / pure messaging", rate / BenchArguments.Median(messaging), "x"),
            new($"commit -> effect p50 at {SteadyRate}/s (median)", BenchArguments.Median(outboxSteady.Select(r => r.P50)), "ms", "plain", BenchArguments.Median(directSteady.Select(r => r.P50))),
            new($"commit -> effect p99 at {SteadyRate}/s (median, target <= 250)", BenchArguments.Median(outboxSteady.Select(r => r.P99)), "ms", "plain", BenchArguments.Median(directSteady.Select(r => r.P99)), Target: 250),
        ]);
    }

    /// <summary>Events per second from the first write until the last effect, with <see cref="Writers"/> writers.</summary>
    private static async Task<double> ThroughputAsync(EffectClock effects, Func<Task> write)
    {
        var done = effects.Expect(ThroughputEvents);
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < ThroughputEvents)
            {
                await write();
            }
        }));
        await done.WaitAsync(TimeSpan.FromMinutes(5));
        return ThroughputEvents / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Writes at a steady rate; latency from the write's commit to the consumer's completion.</summary>
    private static async Task<LatencyResult> SteadyAsync(EffectClock effects, Func<Task<CommittedChange>> write)
    {
        var total = (int)(SteadyRate * SteadyDuration.TotalSeconds);
        var done = effects.Expect(total);
        var committed = new ConcurrentDictionary<Guid, long>();
        await LoadGenerator.PaceAsync(SteadyRate, total, async _ =>
        {
            var change = await write();
            committed[change.ChangeId] = change.CommittedAt;
        });
        var finished = await done.WaitAsync(TimeSpan.FromMinutes(5));

        // The writer resumes after its commit on a busy thread pool, possibly after the consumer finished: never below zero.
        var latencies = finished
            .Where(f => committed.ContainsKey(f.Key))
            .Select(f => Math.Max(0, Stopwatch.GetElapsedTime(committed[f.Key], f.Value).TotalMilliseconds))
            .Order()
            .ToArray();
        return new LatencyResult(LoadGenerator.Percentile(latencies, 0.50), LoadGenerator.Percentile(latencies, 0.99));
    }

    private sealed record LatencyResult(double P50, double P99);
}
