namespace Platform.Hosting.Orchestration;

/// <summary>
/// Starts resources as their waits allow, keeps their health current, and stops them in
/// reverse dependency order. Per-resource commands (start, stop, restart) go through it too.
/// </summary>
internal sealed class Orchestrator : IDisposable
{
    private readonly Dictionary<string, ResourceRunner> _runners;
    private readonly Dictionary<string, SemaphoreSlim> _commands;
    private readonly Dictionary<string, CancellationTokenSource> _pendingStarts;
    private readonly RunnerContext _context;
    private readonly HealthChecks _health;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<ResourceStartException> _startUpFailure = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Orchestrator(IEnumerable<ResourceRunner> runners, RunnerContext context)
    {
        _runners = runners.ToDictionary(r => r.Resource.Name, StringComparer.Ordinal);
        _commands = _runners.Keys.ToDictionary(n => n, _ => new SemaphoreSlim(1, 1), StringComparer.Ordinal);
        _pendingStarts = _runners.Keys.ToDictionary(n => n, _ => new CancellationTokenSource(), StringComparer.Ordinal);
        _context = context;
        _health = new HealthChecks(context);
        _context.Failed += (resource, cause) => _startUpFailure.TrySetResult(new ResourceStartException(resource, cause));
        foreach (var runner in _runners.Values)
        {
            _context.Notifications.Publish(new ResourceSnapshot
            {
                Name = runner.Resource.Name,
                Type = runner.Resource.Type,
                Endpoints = runner.Resource.Endpoints.Select(e => new EndpointSnapshot(e.Name, e.Url)).ToList(),
                References = runner.Resource.References.Concat(runner.Resource.WaitsFor).Select(r => r.Name).Distinct().ToList(),
            });
        }
    }

    public bool Contains(string name) => _runners.ContainsKey(name);

    /// <summary>
    /// Finds (or installs) every server program before start-up begins, so a first run's
    /// package installation does not count against the start-up timeout.
    /// </summary>
    public async Task InstallAsync(CancellationToken cancellationToken)
    {
        foreach (var runner in _runners.Values)
        {
            foreach (var (program, _) in runner.RequiredPrograms)
            {
                try
                {
                    await runner.LocateAsync(program, cancellationToken);
                }
                catch (ResourceStartException ex)
                {
                    _context.Fail(runner.Resource.Name, ex.Cause);
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// Starts everything and returns once all resources are healthy; throws on the first failure, or
    /// when a resource that was healthy ends with nothing to bring it back (a server's crash).
    /// A failure after that (a restart from the dashboard) leaves the resource FailedToStart and the rest running.
    /// </summary>
    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        foreach (var name in _runners.Keys)
        {
            _ = RequestStartAsync(name, restart: false);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_context.Options.StartupTimeout);
        var allHealthy = Task.WhenAll(_runners.Keys.Select(n => _context.Notifications.WaitForAsync(n, s => s.IsHealthy, timeout.Token)));
        await Task.WhenAny(allHealthy, _startUpFailure.Task);

        // A failure, also when each resource was healthy once but one has ended since.
        if (_startUpFailure.Task.IsCompleted)
        {
            await timeout.CancelAsync();
            throw await _startUpFailure.Task;
        }

        try
        {
            await allHealthy;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var notHealthy = _context.Notifications.GetAll().Where(s => !s.IsHealthy)
                .Select(s => $"{s.Name} is {s.State}{(s.Health is { } h ? "/" + h : string.Empty)} ({s.StateMessage ?? s.HealthReports.FirstOrDefault(r => r.Status != ResourceHealth.Healthy)?.Description ?? "no health answer yet"})");
            throw new ResourceStartException("apphost", $"not healthy after {_context.Options.StartupTimeout.TotalSeconds:0} s: {string.Join("; ", notHealthy)}");
        }
    }

    /// <summary>
    /// Stops every resource once all that depend on it have stopped. Projects that reference each
    /// other (waits cannot form a circle, Build refuses it) are stopped one after the other.
    /// </summary>
    public async Task StopAllAsync()
    {
        await _stopping.CancelAsync();
        var stops = new Dictionary<string, Task>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        Task StopAfterDependents(string name)
        {
            if (!stops.TryGetValue(name, out var task))
            {
                // A dependent already being visited depends on this one through a circle: not waited for.
                visiting.Add(name);
                var dependents = _runners.Values.Where(r => DependsOn(r.Resource, name) && !visiting.Contains(r.Resource.Name)).Select(r => StopAfterDependents(r.Resource.Name)).ToList();
                visiting.Remove(name);
                task = StopWhenAsync(name, dependents);
                stops[name] = task;
            }

            return task;
        }

        await Task.WhenAll(_runners.Keys.Select(StopAfterDependents).ToList());
    }

    public Task StartResourceAsync(string name) => RequestStartAsync(name, restart: false);

    public Task RestartResourceAsync(string name) => RequestStartAsync(name, restart: true);

    /// <summary>Stops the resource; a start asked for before (queued, or waiting for a dependency) is called off first, or the stop would wait behind it.</summary>
    public Task StopResourceAsync(string name)
    {
        CancellationTokenSource calledOff;
        lock (_pendingStarts)
        {
            calledOff = _pendingStarts[name];
            _pendingStarts[name] = new CancellationTokenSource();
        }

        // Not disposed: a start still holding its token may link to it yet; with no timer and no link of its own, it holds nothing.
        calledOff.Cancel();
        return RunCommandAsync(name, () => StopResourceCoreAsync(name));
    }

    /// <summary>A start (or restart) called off by a later stop of the resource and by the application's stop.</summary>
    private Task RequestStartAsync(string name, bool restart)
    {
        CancellationToken calledOff;
        lock (_pendingStarts)
        {
            calledOff = _pendingStarts[name].Token;
        }

        // Taken now: a start still queued when the application is disposed finds it cancelled, not disposed.
        var stopping = _stopping.Token;
        return RunCommandAsync(name, async () =>
        {
            using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping, calledOff);
            if (restart)
            {
                await StopResourceCoreAsync(name);
            }

            await StartResourceAsync(_runners[name], cancellation.Token);
        });
    }

    private async Task StartResourceAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        var name = runner.Resource.Name;
        var state = _context.Notifications.Get(name).State;
        if (cancellationToken.IsCancellationRequested || state is ResourceState.Running or ResourceState.Starting or ResourceState.Stopping)
        {
            // Also when a stop came after this start was asked for: the stop has the last word.
            return;
        }

        if (state is ResourceState.Exited or ResourceState.Finished or ResourceState.FailedToStart)
        {
            // What is left of its last run goes first: a crashed project's restart loop, the health loop.
            await StopResourceCoreAsync(name);
        }

        try
        {
            await WaitForDependenciesAsync(runner.Resource, cancellationToken);
            _context.SetState(name, ResourceState.Starting);
            await runner.StartAsync(cancellationToken);
            _context.Notifications.Update(name, s => s with { ProcessIds = runner.ProcessIds, ExitCode = null });

            // Only from Starting: a run that ended as it started has reported FailedToStart, with the reason, already.
            if (_context.MoveState(name, from: ResourceState.Starting, ResourceState.Running))
            {
                _health.Start(runner);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while it started: the stop that called it off takes it from here.
        }
        catch (ResourceStartException ex)
        {
            _context.Fail(name, ex.Cause);
        }
        catch (OperationCanceledException)
        {
            // A dependency failed to start; it stays Waiting, saying so.
        }
        catch (Exception ex)
        {
            // Anything else (a configuration file that cannot be written...) would leave it Starting for good.
            _context.Fail(name, $"it could not start: {ex.Message}");
        }
    }

    private async Task WaitForDependenciesAsync(Resource resource, CancellationToken cancellationToken)
    {
        if (resource.WaitsFor.Count == 0)
        {
            return;
        }

        var names = resource.WaitsFor.Select(d => d.Name).ToList();
        _context.SetState(resource.Name, ResourceState.Waiting, "waiting for " + string.Join(", ", names));
        foreach (var dependency in names)
        {
            var snapshot = await _context.Notifications.WaitForAsync(dependency, s => s.IsHealthy || s.State == ResourceState.FailedToStart, cancellationToken);
            if (snapshot.State == ResourceState.FailedToStart)
            {
                _context.SetState(resource.Name, ResourceState.Waiting, $"{dependency} failed to start");
                throw new OperationCanceledException();
            }
        }
    }

    private async Task StopWhenAsync(string name, IReadOnlyList<Task> dependents)
    {
        await Task.WhenAll(dependents);
        await RunCommandAsync(name, () => StopResourceCoreAsync(name));
    }

    private async Task StopResourceCoreAsync(string name)
    {
        _health.Stop(name);
        var state = _context.Notifications.Get(name).State;

        // A crashed project in its back-off is Exited, but its relaunch is still to come: the stop calls it off.
        var wasActive = state is ResourceState.Running or ResourceState.Starting or ResourceState.Waiting
            || (state == ResourceState.Exited && _runners[name].IsSupervising);
        if (wasActive)
        {
            _context.SetState(name, ResourceState.Stopping);
        }

        // Also after a failed start: a half-started resource may have left a helper process.
        await _runners[name].StopAsync();
        var after = _context.Notifications.Update(name, s => s with { ProcessIds = [] });

        // A crashed project's relaunch may have set Starting or Running while it stopped.
        if (wasActive || after.State is ResourceState.Starting or ResourceState.Running)
        {
            _context.SetState(name, ResourceState.Exited, "stopped");
        }
    }

    private async Task RunCommandAsync(string name, Func<Task> command)
    {
        var gate = _commands[name];
        await gate.WaitAsync();
        try
        {
            await command();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        foreach (var pending in _pendingStarts.Values)
        {
            pending.Dispose();
        }

        foreach (var runner in _runners.Values)
        {
            runner.Dispose();
        }
    }

    private static bool DependsOn(Resource resource, string name) =>
        resource.WaitsFor.Any(d => d.Name == name) || resource.References.Any(d => d.Name == name);
}
