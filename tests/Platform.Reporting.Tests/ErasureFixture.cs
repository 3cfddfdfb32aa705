using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// A Reporting service of its own (the shared scenario's figures stay as they are) that took in the
/// <see cref="ErasureScenario"/>: q's events, q's erasure, then q's queued events and r's later ones.
/// </summary>
public sealed class ErasureFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public ErasureScenario Scenario { get; } = new();

    public ReportingService.ReportingServiceClient Analyst { get; private set; } = null!;

    public string Database => App.GetConnectionString("reportingdb");

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        App = await ReportingFixture.StartReportingAsync(replicas: 1, cancel);
        var token = App.Tokens.Create("analyst", ["reporting.read", "reporting.write"], TimeSpan.FromHours(1));
        Analyst = ReportingFixture.Client(App, token);

        await using var publisher = await EventPublisher.StartAsync(App.GetConnectionString("rabbitmq"), cancel);
        var taken = await PublishAsync(publisher, Scenario.Before().ToList(), 0);
        taken = await PublishAsync(publisher, [Scenario.Erasure], taken);
        await PublishAsync(publisher, [.. Scenario.Queued(), .. Scenario.Unaffected()], taken);
        await ReportingFixture.SummariesCatchUpAsync();
    }

    public Task<long> ScalarAsync(string sql, params object[] parameters) => ReportingFixture.ScalarAsync(Database, sql, parameters);

    /// <summary>Publishes the events and waits until the journal holds them all.</summary>
    private async Task<int> PublishAsync(EventPublisher publisher, List<IIntegrationEvent> events, int taken)
    {
        foreach (var evt in events)
        {
            await publisher.PublishAsync(evt, TestContext.Current.CancellationToken);
        }

        await ReportingFixture.JournalReachesAsync(App, taken + events.Count);
        return taken + events.Count;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The Reporting service that took in the erasure scenario.</summary>
[CollectionDefinition(Name)]
public sealed class ErasureServers : ICollectionFixture<ErasureFixture>
{
    public const string Name = "reporting-erasure";
}
