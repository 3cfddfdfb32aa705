using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults;

/// <summary>
/// Once the service is ready, collects what start-up left behind (model building, migrations,
/// configuration) and returns the freed memory to the OS: an idle service would otherwise keep
/// it resident until its first collection, which may be a long time coming.
/// </summary>
internal sealed class StartupMemoryTrim(IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => ThreadPool.QueueUserWorkItem(_ =>
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
