using Platform.Hosting.Processes;

namespace Platform.Hosting.Orchestration;

/// <summary>Runs one infrastructure server process from the OS binaries, with its data in the resource's folder.</summary>
internal abstract class ServerRunner(Resource resource, RunnerContext context) : ResourceRunner(resource, context)
{
    // Guards which run is current: a crashed run's late handling must not take a newer run for its own.
    private readonly Lock _runGate = new();
    private ManagedProcess? _process;
    private volatile bool _stopping;
    private volatile bool _healthyOnce;
    private Task _afterCrash = Task.CompletedTask;

    // The console line written last before this run began: what came before is an earlier run's.
    private long _beforeRun;

    protected string DataDirectory => Context.DataDirectoryOf(Resource);

    /// <summary>How the server is asked to stop, and how long it may take before it is killed.</summary>
    protected virtual (PosixSignal Signal, TimeSpan Grace) StopSignal => (PosixSignal.SIGTERM, TimeSpan.FromSeconds(5));

    public override IReadOnlyList<int> ProcessIds => _process is { HasExited: false } p ? [p.Id] : [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_runGate)
        {
            _process = null;
            _stopping = false;
            _healthyOnce = false;
        }

        _beforeRun = Context.LastLineOf(Resource.Name);
        EnsurePortsFree();
        var spec = await PrepareAsync(cancellationToken);
        Context.LaunchedEnvironments[Resource.Name] = spec.Environment;
        _process = await ManagedProcess.StartAsync(spec, Resource.Name, Context.Logs);
        _ = ObserveExitAsync(_process);
    }

    public override async Task StopAsync()
    {
        Task afterCrash;
        lock (_runGate)
        {
            _stopping = true;
            afterCrash = _afterCrash;
        }

        if (_process is { } process)
        {
            await process.StopAsync(StopSignal.Signal, StopSignal.Grace);
        }

        await AfterStopAsync();

        // A crash's clean-up still under way (its helper process stopping) is part of this stop.
        await afterCrash;
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

    /// <summary>
    /// What the server prints when its data folder is damaged (a file torn by a power loss): only then is
    /// <c>--fresh</c>, which deletes the data, the remedy for an exit before it was healthy.
    /// </summary>
    protected abstract IReadOnlyList<string> DamagedDataSigns { get; }

    /// <summary>Creates the data folder, credentials and configuration; returns how to launch the server.</summary>
    protected abstract Task<ProcessSpec> PrepareAsync(CancellationToken cancellationToken);

    /// <summary>One real round trip to the server (PING, an AMQP connection, a query).</summary>
    protected abstract Task<HealthReport> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends what the run kept beside the server (helpers, ports, connections): after a stop, and after a
    /// crash. The two may overlap, and a start may follow at once, so it takes what it ends before it awaits.
    /// </summary>
    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    /// <summary>What this run printed last, for error messages (<see cref="RunnerContext.LastOutput"/>).</summary>
    protected string RunOutput() => Context.LastOutput(Resource.Name, _beforeRun);

    private bool OutputPointsAtDamagedData() =>
        Context.Logs.Tail(Resource.Name, 60).Any(line => line.Sequence > _beforeRun && DamagedDataSigns.Any(sign => line.Text.Contains(sign, StringComparison.Ordinal)));

    private async Task ObserveExitAsync(ManagedProcess process)
    {
        var code = await process.Exited;
        bool healthyOnce;
        Task afterCrash;
        lock (_runGate)
        {
            // A stop came first (and perhaps a start after it): ending this run is the stop's.
            if (_stopping || !ReferenceEquals(_process, process))
            {
                return;
            }

            healthyOnce = _healthyOnce;

            // Begun under the gate: it takes what this run held before a start can replace it.
            afterCrash = healthyOnce ? AfterStopAsync() : Task.CompletedTask;
            _afterCrash = afterCrash;
        }

        if (!healthyOnce)
        {
            var remedy = OutputPointsAtDamagedData() ? $" Its output points at a damaged data folder {DataDirectory}: start with --fresh to recreate it (its data is lost)." : string.Empty;
            Context.Fail(Resource.Name, $"the server exited with code {code} before it became healthy. Last output: {RunOutput()}.{remedy}");
            return;
        }

        Context.Notifications.Update(Resource.Name, s => s with { ExitCode = code });
        Context.EndedOnItsOwn(Resource.Name, ResourceState.Exited, $"the server exited unexpectedly with code {code}");
        await afterCrash;
    }
}
