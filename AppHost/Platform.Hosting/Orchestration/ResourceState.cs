namespace Platform.Hosting;

/// <summary>The lifecycle states of a resource, with Aspire's names.</summary>
public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Stopping,

    /// <summary>The process ended on request or with a failure.</summary>
    Exited,

    /// <summary>The process ended on its own with exit code 0.</summary>
    Finished,
    FailedToStart,
}

/// <summary>Health of a running resource; only meaningful while it is Running.</summary>
public enum ResourceHealth
{
    Unhealthy,
    Degraded,
    Healthy,
}
