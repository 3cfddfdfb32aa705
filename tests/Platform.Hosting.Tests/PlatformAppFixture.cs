using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>The AppHost's whole app model, started once for the tests that observe it, with every state change recorded.</summary>
public sealed class PlatformAppFixture : IAsyncLifetime
{
    private readonly List<ResourceSnapshot> _timeline = [];
    private readonly CancellationTokenSource _recording = new();
    private readonly string? _dashboardTokenBefore = Environment.GetEnvironmentVariable(DistributedApplicationOptions.DashboardTokenVariable);
    private Task? _recorder;

    public DistributedApplication App { get; private set; } = null!;

    public List<ResourceSnapshot> Timeline
    {
        get
        {
            lock (_timeline)
            {
                return _timeline.ToList();
            }
        }
    }

    public async ValueTask InitializeAsync()
    {
        // Set as an operator fixes the dashboard token: the AppHost's own secret, which no project may inherit.
        Environment.SetEnvironmentVariable(DistributedApplicationOptions.DashboardTokenVariable, "the-operators-dashboard-token");
        App = DistributedApplicationTestingBuilder.CreateFromAppHost<Program>().Build();
        _recorder = RecordAsync(_recording.Token);
        await App.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _recording.CancelAsync();
        if (_recorder is not null)
        {
            await _recorder;
        }

        await App.DisposeAsync();
        _recording.Dispose();
        Environment.SetEnvironmentVariable(DistributedApplicationOptions.DashboardTokenVariable, _dashboardTokenBefore);
    }

    private async Task RecordAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in App.ResourceNotifications.WatchAsync(cancellationToken))
            {
                lock (_timeline)
                {
                    _timeline.Add(snapshot);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Recording ends with the fixture.
        }
    }
}
