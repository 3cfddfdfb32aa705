using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// A Reporting service of a test's own (one replica), with a publisher and an analyst's client:
/// for tests whose events would change the shared scenario's figures.
/// </summary>
internal sealed class OwnReporting : IAsyncDisposable
{
    private int _journaled;

    private OwnReporting(DistributedApplication app, EventPublisher publisher)
    {
        App = app;
        Publisher = publisher;
        Analyst = ReportingFixture.Client(app, app.Tokens.Create("analyst", ["reporting.read"], TimeSpan.FromMinutes(10)));
    }

    public DistributedApplication App { get; }

    public EventPublisher Publisher { get; }

    public ReportingService.ReportingServiceClient Analyst { get; }

    /// <summary>Whether a batch failed on its save: it is taken in again one event at a time, with the right figures but an error each time.</summary>
    public bool LoggedDuplicateKey => App.ResourceLogs.Tail("reporting").Any(l => l.Text.Contains("duplicate key value", StringComparison.Ordinal));

    public static async Task<OwnReporting> StartAsync(CancellationToken cancellationToken, params (string Name, string Value)[] environment)
    {
        var app = await ReportingFixture.StartReportingAsync(replicas: 1, cancellationToken, environment);
        return new OwnReporting(app, await EventPublisher.StartAsync(app.GetConnectionString("rabbitmq"), cancellationToken));
    }

    /// <summary>Publishes all <paramref name="events"/> at once and waits until the journal holds them, beside those taken in before.</summary>
    public async Task TakeInAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await Task.WhenAll(events.Select(e => Publisher.PublishAsync(e, cancellationToken)));
        _journaled += events.Count;
        await ReportingFixture.JournalReachesAsync(App, _journaled);
    }

    public async ValueTask DisposeAsync()
    {
        await Publisher.DisposeAsync();
        await App.DisposeAsync();
    }
}
