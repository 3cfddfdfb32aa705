namespace Platform.Hosting.Orchestration;

/// <summary>
/// Keeps a running resource's health current from its real checks: every 200 ms until it is
/// healthy, every 2 s after. One loop per resource, from its start to its stop; a check that throws
/// makes the resource Unhealthy with the reason.
/// </summary>
internal sealed class HealthChecks(RunnerContext context)
{
    private static readonly TimeSpan HealthyInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan UnhealthyInterval = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<string, CancellationTokenSource> _loops = [];

    public void Start(ResourceRunner runner)
    {
        var loop = new CancellationTokenSource();
        lock (_loops)
        {
            Stop(runner.Resource.Name);
            _loops[runner.Resource.Name] = loop;
        }

        _ = CheckAsync(runner, loop.Token);
    }

    public void Stop(string name)
    {
        lock (_loops)
        {
            if (_loops.Remove(name, out var loop))
            {
                loop.Cancel();
                loop.Dispose();
            }
        }
    }

    private async Task CheckAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        var name = runner.Resource.Name;
        while (!cancellationToken.IsCancellationRequested)
        {
            var snapshot = context.Notifications.Get(name);
            if (snapshot.State == ResourceState.Running)
            {
                IReadOnlyList<HealthReport> reports;
                try
                {
                    reports = await runner.CheckHealthAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // A check that fails in a way it did not expect says so: the loop must not end with
                    // the last health standing as if it were current.
                    reports = [new HealthReport("health check", ResourceHealth.Unhealthy, "the check failed: " + ex.Message, context.TimeProvider.GetUtcNow())];
                }

                var health = reports.Count == 0 ? ResourceHealth.Healthy : reports.Min(r => r.Status);
                snapshot = context.Notifications.Update(name, s => s.State == ResourceState.Running
                    ? s with { Health = health, HealthReports = reports, ProcessIds = runner.ProcessIds }
                    : s with { HealthReports = reports, ProcessIds = runner.ProcessIds });
            }

            try
            {
                await Task.Delay(snapshot.IsHealthy ? HealthyInterval : UnhealthyInterval, context.TimeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
