using Platform.Hosting.Processes;

namespace Platform.Hosting.Orchestration;

/// <summary>Runs one infrastructure server process from the OS binaries, with its data in the resource's folder.</summary>
internal abstract class ServerRunner(Resource resource, RunnerContext context) : ResourceRunner(resource, context)
{
    private ManagedProcess? _process;
    private volatile bool _stopping;
    private volatile bool _healthyOnce;

    protected string DataDirectory => Context.DataDirectoryOf(Resource);

    /// <summary>How the server is asked to stop, and how long it may take before it is killed.</summary>
    protected virtual (PosixSignal Signal, TimeSpan Grace) StopSignal => (PosixSignal.SIGTERM, TimeSpan.FromSeconds(5));

    public override IReadOnlyList<int> ProcessIds => _process is { HasExited: false } p ? [p.Id] : [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = false;
        _healthyOnce = false;
        EnsurePortsFree();
        var spec = await PrepareAsync(cancellationToken);
        Context.LaunchedEnvironments[Resource.Name] = spec.Environment;
        _process = await ManagedProcess.StartAsync(spec, Resource.Name, Context.Logs);
        _ = ObserveExitAsync(_process);
    }

    public override async Task StopAsync()
    {
        _stopping = true;
        if (_process is { } process)
        {
            await process.StopAsync(StopSignal.Signal, StopSignal.Grace);
        }

        await AfterStopAsync();
    }

    public override async Task<IReadOnlyList<HealthReport>> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false })
        {
            return [Report(Resource.Type, ResourceHealth.Unhealthy, "the server process is not running")];
        }

        var report = await ProbeAsync(cancellationToken);
        if (report.Status == ResourceHealth.Healthy)
        {
            _healthyOnce = true;
        }

        return [report];
    }

    /// <summary>Creates the data folder, credentials and configuration; returns how to launch the server.</summary>
    protected abstract Task<ProcessSpec> PrepareAsync(CancellationToken cancellationToken);

    /// <summary>One real round trip to the server (PING, an AMQP connection, a query).</summary>
    protected abstract Task<HealthReport> ProbeAsync(CancellationToken cancellationToken);

    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    /// <summary>The full path of one of <see cref="ResourceRunner.RequiredPrograms"/>.</summary>
    protected Task<string> LocateAsync(string program, CancellationToken cancellationToken) =>
        Context.Binaries.LocateAsync(Resource.Name, program, RequiredPrograms.First(p => p.Program == program).Package, cancellationToken);

    private async Task ObserveExitAsync(ManagedProcess process)
    {
        var code = await process.Exited;
        if (_stopping)
        {
            return;
        }

        if (!_healthyOnce)
        {
            Context.Fail(Resource.Name, $"the server exited with code {code} before it became healthy. Last output: {Context.LastOutput(Resource.Name)}. If its data folder {DataDirectory} is damaged, start with --fresh.");
            return;
        }

        Context.Notifications.Update(Resource.Name, s => s with { ExitCode = code });
        Context.EndedOnItsOwn(Resource.Name, ResourceState.Exited, $"the server exited unexpectedly with code {code}");
        await AfterStopAsync();
    }
}
