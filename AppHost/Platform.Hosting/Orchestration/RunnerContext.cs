using Platform.Hosting.Infrastructure;

namespace Platform.Hosting.Orchestration;

/// <summary>What every runner needs from the engine: options, logs, state, binaries and a way to report failure.</summary>
internal sealed class RunnerContext(
    DistributedApplicationOptions options,
    ResourceLogs logs,
    ResourceNotificationService notifications,
    InfrastructureBinaries binaries,
    Security.TokenIssuer tokens,
    Processes.PortReservations ports,
    TimeProvider timeProvider)
{
    /// <summary>A resource failed to start, or ended on its own with nothing to bring it back (resource, cause).</summary>
    public event Action<string, string>? Failed;

    public DistributedApplicationOptions Options { get; } = options;

    public ResourceLogs Logs { get; } = logs;

    public ResourceNotificationService Notifications { get; } = notifications;

    public InfrastructureBinaries Binaries { get; } = binaries;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public Security.TokenIssuer Tokens { get; } = tokens;

    /// <summary>Ports the engine chooses itself (endpoints, replicas', Erlang's), held until released at a resource's stop or until the application is disposed.</summary>
    public Processes.PortReservations Ports { get; } = ports;

    /// <summary>The environment each resource's process was last launched with, for the dashboard's details view.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> LaunchedEnvironments { get; } = new(StringComparer.Ordinal);

    public string DataDirectoryOf(IResource resource) => Path.Combine(Options.DataDirectory, resource.Name);

    public void SetState(string resource, ResourceState state, string? message = null) =>
        Notifications.Update(resource, s => WithState(s, state, message));

    /// <summary>
    /// Sets <paramref name="state"/> only while the resource is still <paramref name="from"/>, in one step:
    /// a failure its run reported meanwhile (a process that exited at once) keeps the last word.
    /// </summary>
    public bool MoveState(string resource, ResourceState from, ResourceState state)
    {
        var moved = false;
        Notifications.Update(resource, s =>
        {
            moved = s.State == from;
            return moved ? WithState(s, state, message: null) : s;
        });
        return moved;
    }

    private ResourceSnapshot WithState(ResourceSnapshot s, ResourceState state, string? message) => s with
    {
        State = state,
        StateMessage = message,
        Health = state == ResourceState.Running ? s.Health : null,
        StartedAt = state == ResourceState.Running && s.State != ResourceState.Running ? TimeProvider.GetUtcNow() : s.StartedAt,
        StoppedAt = state is ResourceState.Exited or ResourceState.Finished ? TimeProvider.GetUtcNow() : s.StoppedAt,
    };

    /// <summary>Marks the resource FailedToStart and tells the orchestrator, which stops the rest when it happens during start-up.</summary>
    public void Fail(string resource, string cause)
    {
        SetState(resource, ResourceState.FailedToStart, cause);
        Logs.Write(resource, "failed to start: " + cause, isError: true);
        Failed?.Invoke(resource, cause);
    }

    /// <summary>
    /// Marks the resource <paramref name="state"/> (Exited or Finished) when it ended on its own and
    /// nothing brings it back (a server's crash, a project that finished): start-up, while under way,
    /// can no longer finish, so the orchestrator stops it at once, naming the resource and the cause.
    /// </summary>
    public void EndedOnItsOwn(string resource, ResourceState state, string cause)
    {
        SetState(resource, state, cause);
        Failed?.Invoke(resource, cause);
    }

    /// <summary>The sequence of the resource's last console line (0 when none): a run's own lines come after the one it began with.</summary>
    public long LastLineOf(string resource) => Logs.Tail(resource, 1) is [var last] ? last.Sequence : 0;

    /// <summary>
    /// What a resource printed last since <paramref name="afterLine"/> (its run's start, see <see cref="LastLineOf"/>),
    /// for error messages: the lines that name an error (an exception, a FATAL line) when there are any, else the
    /// last few lines. An earlier run's lines (its own "failed to start" among them) are not this run's cause.
    /// </summary>
    public string LastOutput(string resource, long afterLine)
    {
        var tail = Logs.Tail(resource, 60).Where(l => l.Sequence > afterLine).Select(l => l.Text.Trim()).Where(t => t.Length > 0).ToList();
        var errors = tail.Where(IsErrorLine).Distinct().Take(3).ToList();
        var shown = errors.Count > 0 ? errors : tail.TakeLast(5).ToList();
        return shown.Count == 0 ? "(no output)" : string.Join(" | ", shown);
    }

    private static bool IsErrorLine(string line) =>
        (line.Contains("Exception", StringComparison.Ordinal) && !line.StartsWith("at ", StringComparison.Ordinal))
        || line.Contains("FATAL", StringComparison.Ordinal)
        || line.Contains("Fatal error", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("error", StringComparison.OrdinalIgnoreCase)
        || line.Contains("[error]", StringComparison.Ordinal);
}
