using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults;

/// <summary>
/// Shortly after the service is ready (<see cref="SettleTime"/>), collects what start-up left
/// behind (model building, migrations, configuration, the bus's receive endpoints) and returns the
/// freed memory to the OS: an idle service would otherwise keep it resident until its first
/// collection, which may be a long time coming.
/// </summary>
internal sealed class StartupMemoryTrim(IHostApplicationLifetime lifetime) : IHostedService
{
    /// <summary>How long after start the background start-up work (the bus connecting its receive endpoints, first refreshes) is given to finish.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = Task.Delay(SettleTime, lifetime.ApplicationStopping).ContinueWith(
            _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
