using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// A Reporting service without the scenario (one replica), with a publisher and an analyst's client:
/// for tests whose events would change the shared scenario's figures. The tests of
/// <see cref="BlankReportingServers"/> share one; a test that needs the service configured or stopped
/// otherwise, or figures no other test's events may touch, starts its own with <see cref="StartAsync"/>.
/// </summary>
public sealed class BlankReporting : IAsyncLifetime
{
    private readonly (string Name, string Value)[] _environment;

    public BlankReporting()
        : this([])
    {
    }

    private BlankReporting((string Name, string Value)[] environment) => _environment = environment;

    public DistributedApplication App { get; private set; } = null!;

    public EventPublisher Publisher { get; private set; } = null!;

    public ReportingService.ReportingServiceClient Analyst { get; private set; } = null!;

    /// <summary>A Reporting service of the caller's own, with <paramref name="environment"/> set on it.</summary>
    public static async Task<BlankReporting> StartAsync(CancellationToken cancellationToken, params (string Name, string Value)[] environment)
    {
        var reporting = new BlankReporting(environment);
        await reporting.StartAsync(cancellationToken);
        return reporting;
    }

    public ValueTask InitializeAsync() => new(StartAsync(TestContext.Current.CancellationToken));

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        App = await ReportingFixture.StartReportingAsync(replicas: 1, cancellationToken, _environment);
        Analyst = ReportingFixture.Client(App, App.Tokens.Create("analyst", ["reporting.read"], TimeSpan.FromHours(1)));
        Publisher = await EventPublisher.StartAsync(App.GetConnectionString("rabbitmq"), cancellationToken);
    }

    /// <summary>Whether a batch failed on its save since <paramref name="since"/>: it is taken in again one event at a time, with the right figures but an error each time.</summary>
    public bool LoggedDuplicateKeySince(DateTimeOffset since) =>
        App.ResourceLogs.Tail("reporting").Any(l => l.Timestamp >= since && l.Text.Contains("duplicate key value", StringComparison.Ordinal));

    /// <summary>Publishes all <paramref name="events"/> at once and waits until the journal holds them.</summary>
    public async Task TakeInAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await Task.WhenAll(events.Select(e => Publisher.PublishAsync(e, cancellationToken)));
        await ReportingFixture.JournalHoldsAsync(App, [.. events.Select(e => e.EventId)]);
    }

    /// <summary>The impact summary once it caught up with the events taken in.</summary>
    public async Task<ImpactSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        await ReportingFixture.SummariesCatchUpAsync();
        return await Analyst.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Publisher is not null)
        {
            await Publisher.DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>
/// One Reporting service without the scenario for the tests that can share it. Each test's events carry
/// ids of its own, and a figure they share with other tests' events (the summary's totals, a day's
/// count) is read as what changed while the test ran: xUnit runs a collection's tests one at a time,
/// and each waits until the journal holds its events.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BlankReportingServers : ICollectionFixture<BlankReporting>
{
    public const string Name = "reporting-blank";
}
