namespace Platform.Hosting.Processes;

/// <summary>What to launch: the program, its arguments, environment and the account it runs as.</summary>
internal sealed record ProcessSpec
{
    public required string FileName { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    public required string WorkingDirectory { get; init; }

    /// <summary>Variables set on top of the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Inherited variables to drop (exact names, or prefixes ending in '*').</summary>
    public IReadOnlyList<string> RemoveEnvironment { get; init; } = [];

    /// <summary>Start from an empty environment (PATH and LANG only) instead of the AppHost's.</summary>
    public bool CleanEnvironment { get; init; }

    /// <summary>The Unix account to run as when the AppHost runs as root; null runs as the current user.</summary>
    public string? RunAs { get; init; }

    /// <summary>Sent to the process by the kernel when the AppHost dies, so nothing is left behind.</summary>
    public PosixSignal DeathSignal { get; init; } = PosixSignal.SIGTERM;
}
