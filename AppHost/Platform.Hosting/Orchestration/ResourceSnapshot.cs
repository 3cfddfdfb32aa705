namespace Platform.Hosting;

/// <summary>What operators and tests see of a resource at one moment.</summary>
public sealed record ResourceSnapshot
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public ResourceState State { get; init; } = ResourceState.NotStarted;

    /// <summary>Null until the resource runs and its first check has answered.</summary>
    public ResourceHealth? Health { get; init; }

    public IReadOnlyList<HealthReport> HealthReports { get; init; } = [];

    public IReadOnlyList<EndpointSnapshot> Endpoints { get; init; } = [];

    public IReadOnlyList<string> References { get; init; } = [];

    public int RestartCount { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>The process ids of the running replicas (one for a server or a single project).</summary>
    public IReadOnlyList<int> ProcessIds { get; init; } = [];

    public int? ExitCode { get; init; }

    /// <summary>Why the resource failed or is waiting, in words an operator can act on.</summary>
    public string? StateMessage { get; init; }

    /// <summary>The commands an operator can run on the resource, with their state now.</summary>
    public IReadOnlyList<CommandSnapshot> Commands { get; init; } = [];

    public bool IsHealthy => State == ResourceState.Running && Health == ResourceHealth.Healthy;
}

/// <summary>The result of one health check of a resource.</summary>
public sealed record HealthReport(string Name, ResourceHealth Status, string? Description, DateTimeOffset CheckedAt);

/// <summary>An endpoint as shown to operators.</summary>
public sealed record EndpointSnapshot(string Name, string Url);
