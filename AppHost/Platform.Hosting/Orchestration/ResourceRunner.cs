namespace Platform.Hosting.Orchestration;

/// <summary>Starts, stops and checks one resource of the app model.</summary>
internal abstract class ResourceRunner(Resource resource, RunnerContext context) : IDisposable
{
    public Resource Resource { get; } = resource;

    protected RunnerContext Context { get; } = context;

    /// <summary>The OS programs the resource runs (program, Debian package), installed before start-up begins.</summary>
    public virtual IReadOnlyList<(string Program, string Package)> RequiredPrograms => [];

    /// <summary>The full path of one of <see cref="RequiredPrograms"/>, installing its package when needed.</summary>
    public virtual Task<string> LocateAsync(string program, CancellationToken cancellationToken) =>
        Context.Binaries.LocateAsync(Resource.Name, program, PackageOf(program), cancellationToken);

    /// <summary>Launches the resource; returns once it runs. Throws <see cref="ResourceStartException"/> when it cannot.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    public abstract Task StopAsync();

    /// <summary>Runs the resource's real health checks.</summary>
    public abstract Task<IReadOnlyList<HealthReport>> CheckHealthAsync(CancellationToken cancellationToken);

    public virtual IReadOnlyList<int> ProcessIds => [];

    /// <summary>Whether it still watches its last run's processes, to relaunch one that crashes (a crashed project in its back-off included).</summary>
    public virtual bool IsSupervising => false;

    public virtual void Dispose()
    {
    }

    protected string PackageOf(string program) => RequiredPrograms.First(p => p.Program == program).Package;

    protected HealthReport Report(string check, ResourceHealth status, string? description = null) =>
        new(check, status, description, Context.TimeProvider.GetUtcNow());

    /// <summary>Throws a clear error when a port the app model asked for is taken.</summary>
    protected void EnsurePortsFree()
    {
        foreach (var endpoint in Resource.Endpoints)
        {
            if (!Processes.PortReservations.IsFree(endpoint.Port))
            {
                throw new ResourceStartException(Resource.Name, $"port {endpoint.Port} ({endpoint.Name} endpoint) is already in use by another process. Stop that process or choose another port.");
            }
        }
    }
}
