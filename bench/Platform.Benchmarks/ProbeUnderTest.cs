using System.Diagnostics;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.Messaging.Probe;

namespace Platform.Benchmarks;

/// <summary>The probe service in the benchmark's process, as deployed (Production), with a clock on its consumer.</summary>
internal sealed class ProbeUnderTest(WebApplication app, EffectClock effects) : IAsyncDisposable
{
    public EffectClock Effects => effects;

    public static async Task<ProbeUnderTest> StartAsync(string database, string rabbitMq)
    {
        var app = ProbeApp.Build(ProbeApp.CreateBuilder([
            "--environment=Production",
            $"--ConnectionStrings:probedb={database}",
            $"--ConnectionStrings:rabbitmq={rabbitMq}",
            "--Kestrel:Endpoints:http:Url=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
        ]));
        await app.StartAsync();
        var effects = new EffectClock();
        app.Services.GetRequiredService<IBus>().ConnectConsumeObserver(effects);
        await Task.Delay(TimeSpan.FromSeconds(2));
        return new ProbeUnderTest(app, effects);
    }

    /// <summary>A request handler's work with the outbox: one change and its event, one commit, across 64 aggregates.</summary>
    public async Task<CommittedChange> CommitAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
        var change = ProbeChanges.Make(db, Aggregate(), "v", TimeProvider.System);
        await db.SaveChangesAsync();
        return new CommittedChange(change.Id, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// The same work without an outbox: commit the change, then publish (lost if the process dies in
    /// between). Committed when the commit returned, as the outbox's change: not once the publish is confirmed.
    /// </summary>
    public async Task<CommittedChange> CommitThenPublishAsync(IPublishEndpoint publisher)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
        var change = new Change { Id = Guid.CreateVersion7(), AggregateId = Aggregate(), Value = "v" };
        db.Changes.Add(change);
        await db.SaveChangesAsync();
        var committed = Stopwatch.GetTimestamp();
        await publisher.Publish(new DirectChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, change.Id, change.AggregateId, change.Value));
        return new CommittedChange(change.Id, committed);
    }

    /// <summary>The probe consumer's effect without the inbox (a redelivery would apply it twice).</summary>
    public async Task ApplyEffectAsync(DirectChanged message)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
        db.Effects.Add(new Effect { ChangeId = message.ChangeId, AggregateId = message.AggregateId, Value = message.Value });
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static string Aggregate() => "bench-" + Random.Shared.Next(64);
}

/// <summary>A change written by a bench writer, and when its commit returned (a <see cref="Stopwatch"/> timestamp).</summary>
internal readonly record struct CommittedChange(Guid ChangeId, long CommittedAt);
