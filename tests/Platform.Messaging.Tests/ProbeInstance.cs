using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Platform.Messaging.Probe;

namespace Platform.Messaging.Tests;

/// <summary>The probe service running in the test process, on its own port, against the fixture's servers.</summary>
public sealed class ProbeInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProbeInstance(WebApplication app, LogRecorder logs)
    {
        _app = app;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public HttpClient Http { get; }

    /// <summary>What the probe logged.</summary>
    public LogRecorder Logs { get; }

    public DeliveryLog Deliveries => _app.Services.GetRequiredService<DeliveryLog>();

    public IServiceProvider Services => _app.Services;

    /// <summary>Settings every test probe uses: short retries, a short lag threshold, one consumer at a time (order is visible).</summary>
    public static IReadOnlyDictionary<string, string> TestSettings { get; } = new Dictionary<string, string>
    {
        ["Messaging:RetryIntervals:0"] = "00:00:00.050",
        ["Messaging:RetryIntervals:1"] = "00:00:00.100",
        ["Messaging:ConcurrentMessageLimit"] = "1",
        ["Messaging:Outbox:LagThreshold"] = "00:00:03",
        ["Messaging:Outbox:MaxBackoff"] = "00:00:01",
        ["Messaging:Outbox:PublishTimeout"] = "00:00:02",
    };

    public static string[] Arguments(string database, string rabbitMq, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string>(TestSettings)
        {
            ["ConnectionStrings:probedb"] = database,
            ["ConnectionStrings:rabbitmq"] = rabbitMq,
            ["Kestrel:Endpoints:http:Url"] = "http://127.0.0.1:0",
            ["environment"] = "Development",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return [.. settings.Select(s => $"--{s.Key}={s.Value}")];
    }

    public static async Task<ProbeInstance> StartAsync(string database, string rabbitMq, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var builder = ProbeApp.CreateBuilder(Arguments(database, rabbitMq, overrides));
        var logs = new LogRecorder();
        builder.Logging.AddProvider(logs);
        var app = ProbeApp.Build(builder);
        await app.StartAsync(TestContext.Current.CancellationToken);

        // Events published before the consumer's queue is bound to their exchange reach nobody.
        var health = app.Services.GetRequiredService<HealthCheckService>();
        await Eventually.ReachesAsync(
            async () => (await health.CheckHealthAsync(r => r.Name == "masstransit-bus", TestContext.Current.CancellationToken)).Status,
            status => status == HealthStatus.Healthy,
            TimeSpan.FromSeconds(30));
        return new ProbeInstance(app, logs);
    }

    /// <summary>The change through the probe's HTTP endpoint, as a caller would make it.</summary>
    public Task<ProbeApp.ChangeResponse> ChangeAsync(string aggregateId, string value) => ChangeAsync(Http, aggregateId, value);

    /// <summary>POST /changes on a probe, in this process or its own.</summary>
    public static async Task<ProbeApp.ChangeResponse> ChangeAsync(HttpClient http, string aggregateId, string value)
    {
        var response = await http.PostAsJsonAsync("/changes", new ProbeApp.ChangeRequest(aggregateId, value), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ProbeApp.ChangeResponse>(TestContext.Current.CancellationToken))!;
    }

    public async Task<T> QueryAsync<T>(Func<ProbeDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ProbeDbContext>());
    }

    public Task<List<Effect>> EffectsAsync(string aggregatePrefix) =>
        QueryAsync(db => db.Effects.Where(e => e.AggregateId.StartsWith(aggregatePrefix)).OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken));

    public async Task<HealthReportEntry> OutboxHealthAsync()
    {
        var report = await _app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "outbox", TestContext.Current.CancellationToken);
        return report.Entries["outbox"];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
