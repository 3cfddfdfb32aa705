using Grpc.Core;
using Grpc.Core.Interceptors;
using Npgsql;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// The Reporting service in two replicas with real PostgreSQL, Redis and RabbitMQ, its calendar
/// stopped at <see cref="Now"/>; the <see cref="Scenario"/> published into RabbitMQ once and taken in.
/// </summary>
public sealed class ReportingFixture : IAsyncLifetime
{
    /// <summary>Today is 2026-06-15 in Amsterdam: 43 months remain; the 90-day window starts 2026-03-18.</summary>
    public const string Now = "2026-06-15T10:00:00Z";

    public DistributedApplication App { get; private set; } = null!;

    public Scenario Scenario { get; } = new();

    public EventPublisher Publisher { get; private set; } = null!;

    public ReportingService.ReportingServiceClient Analyst { get; private set; } = null!;

    public string AnalystToken { get; private set; } = null!;

    public string Database => App.GetConnectionString("reportingdb");

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        App = await StartReportingAsync(replicas: 2, cancel);
        AnalystToken = App.Tokens.Create("analyst", ["reporting.read", "reporting.write"], TimeSpan.FromHours(1));
        Analyst = Client();
        Publisher = await EventPublisher.StartAsync(App.GetConnectionString("rabbitmq"), cancel);

        var events = Scenario.Events().ToList();
        foreach (var evt in events)
        {
            await Publisher.PublishAsync(evt, cancel);
        }

        await JournalReachesAsync(events.Select(e => e.EventId).Distinct().Count());
        await Publisher.PublishAsync(Scenario.Erasure, cancel);
        await JournalReachesAsync(events.Select(e => e.EventId).Distinct().Count() + 1);
        await SummariesCatchUpAsync();
    }

    /// <summary>The Reporting service in <paramref name="replicas"/> replicas with real PostgreSQL, Redis and RabbitMQ, its calendar stopped at <see cref="Now"/>.</summary>
    public static async Task<DistributedApplication> StartReportingAsync(int replicas, CancellationToken cancellationToken, params (string Name, string Value)[] environment)
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var reportingDb = builder.AddPostgres("postgres").AddDatabase("reportingdb");
        var reporting = builder.AddProject<Projects.Platform_Reporting>("reporting")
            .WithReference(reportingDb).WithReference(redis).WithReference(rabbitmq)
            .WaitFor(reportingDb).WaitFor(redis).WaitFor(rabbitmq)
            .WithReplicas(replicas)
            .WithEnvironment("Platform__Calendar__FixedNow", Now);
        foreach (var (name, value) in environment)
        {
            reporting.WithEnvironment(name, value);
        }

        var app = builder.Build();
        await app.StartAsync(cancellationToken);
        await app.WaitForResourceHealthyAsync("reporting", cancellationToken);
        return app;
    }

    /// <summary>A client on a new connection (the replicas' proxy spreads connections over them).</summary>
    public ReportingService.ReportingServiceClient Client(string? token = null) => Client(App, token ?? AnalystToken);

    /// <summary>A client of <paramref name="app"/>'s Reporting service on a new connection, carrying <paramref name="token"/>.</summary>
    public static ReportingService.ReportingServiceClient Client(DistributedApplication app, string token) =>
        new(app.CreateGrpcChannel("reporting").CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("Authorization", "Bearer " + token);
            return metadata;
        }));

    /// <summary>Clients on connections that reached two different replicas.</summary>
    public async Task<(ReportingService.ReportingServiceClient, ReportingService.ReportingServiceClient)> TwoReplicasAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        var first = Client();
        var instance = (await first.GetServiceInfoAsync(new(), cancellationToken: cancel)).InstanceId;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var other = Client();
            if ((await other.GetServiceInfoAsync(new(), cancellationToken: cancel)).InstanceId != instance)
            {
                return (first, other);
            }
        }

        throw new InvalidOperationException("Ten connections all reached the same replica.");
    }

    public Task<long> ScalarAsync(string sql, params object[] parameters) => ScalarAsync(Database, sql, parameters);

    /// <summary>One number from reportingdb, as an operator would query it.</summary>
    public static async Task<long> ScalarAsync(string database, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task JournalReachesAsync(int count) => JournalReachesAsync(App, count);

    /// <summary>
    /// Waits until <paramref name="app"/>'s journal holds <paramref name="count"/> events. The read models
    /// changed with it (one transaction per batch); the summaries in memory follow: see <see cref="SummariesCatchUpAsync"/>.
    /// </summary>
    public static Task JournalReachesAsync(DistributedApplication app, int count) =>
        JournalCountsAsync(app, count, "SELECT count(*) FROM journal");

    /// <summary>Waits until <paramref name="app"/>'s journal holds the events <paramref name="eventIds"/>, once each.</summary>
    public static Task JournalHoldsAsync(DistributedApplication app, IReadOnlyCollection<Guid> eventIds) =>
        JournalCountsAsync(app, eventIds.Distinct().Count(), "SELECT count(*) FROM journal WHERE \"EventId\" = ANY($1)", eventIds.Distinct().ToArray());

    /// <summary>Waits for every replica's summary to take the latest changes in: it refreshes within a few hundred milliseconds of the last change.</summary>
    public static Task SummariesCatchUpAsync() => Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

    private static async Task JournalCountsAsync(DistributedApplication app, int count, string sql, params object[] parameters)
    {
        var database = app.GetConnectionString("reportingdb");
        try
        {
            await Eventually.ReachesAsync(() => ScalarAsync(database, sql, parameters), n => n == count, TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException(ex.Message + "; the service's last words:\n" + string.Join('\n', app.ResourceLogs.Tail("reporting", 400).Where(l => l.IsError || l.Text.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Text.Contains("exception", StringComparison.OrdinalIgnoreCase)).TakeLast(30).Select(l => l.Text)), ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Publisher is not null)
        {
            await Publisher.DisposeAsync();
        }

        await App.DisposeAsync();
    }
}

/// <summary>One Reporting service, with the scenario taken in, for every test class.</summary>
[CollectionDefinition(Name)]
public sealed class ReportingServers : ICollectionFixture<ReportingFixture>
{
    public const string Name = "reporting";
}
