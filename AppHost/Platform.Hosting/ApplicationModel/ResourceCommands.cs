namespace Platform.Hosting;

/// <summary>Whether an operator can run a command now, as in Aspire.</summary>
public enum ResourceCommandState
{
    /// <summary>Shown and runnable.</summary>
    Enabled,

    /// <summary>Shown, not runnable now; the state's reason says why.</summary>
    Disabled,

    /// <summary>Not shown.</summary>
    Hidden,
}

/// <summary>A command's state with, when disabled, the reason an operator reads on the button.</summary>
public sealed record CommandState(ResourceCommandState State, string? Reason = null)
{
    public static CommandState Enabled { get; } = new(ResourceCommandState.Enabled);

    public static CommandState Hidden { get; } = new(ResourceCommandState.Hidden);

    public static CommandState Disabled(string reason) => new(ResourceCommandState.Disabled, reason);
}

/// <summary>What a command's state callback sees: its resource's snapshot and every other resource's.</summary>
public sealed class UpdateCommandStateContext
{
    public required ResourceSnapshot ResourceSnapshot { get; init; }

    public required ResourceNotificationService ResourceNotifications { get; init; }

    /// <summary>Enabled once every named resource is Running and Healthy; otherwise disabled, naming the first that is not.</summary>
    public CommandState WhenHealthy(params IEnumerable<string> resourceNames)
    {
        foreach (var name in resourceNames)
        {
            var snapshot = ResourceNotifications.Get(name);
            if (!snapshot.IsHealthy)
            {
                return CommandState.Disabled($"Waiting for {name} to be Healthy (it is {snapshot.State}{(snapshot.Health is { } health ? ", " + health : string.Empty)}).");
            }
        }

        return CommandState.Enabled;
    }
}

/// <summary>What a running command gets: the application, its resource, a writer into the resource's console logs, cancellation.</summary>
public sealed class ExecuteCommandContext
{
    public required DistributedApplication Application { get; init; }

    public required string ResourceName { get; init; }

    /// <summary>Each line written appears in the resource's console logs.</summary>
    public required TextWriter Log { get; init; }

    /// <summary>Cancelled when the application stops.</summary>
    public required CancellationToken CancellationToken { get; init; }
}

/// <summary>How a command ended: success, or failure with a message an operator can act on.</summary>
public sealed record ExecuteCommandResult(bool Success, string? Message = null);

/// <summary>The two results, as in Aspire.</summary>
public static class CommandResults
{
    public static ExecuteCommandResult Success(string? message = null) => new(true, message);

    public static ExecuteCommandResult Failure(string message) => new(false, message);
}

/// <summary>The optional parts of a command.</summary>
public sealed class CommandOptions
{
    /// <summary>Shown as the button's tooltip while the command is enabled.</summary>
    public string? Description { get; init; }

    /// <summary>When set, the dashboard asks this question before running the command.</summary>
    public string? ConfirmationMessage { get; init; }

    /// <summary>Decides the state whenever a resource changes; without it the command is always enabled.</summary>
    public Func<UpdateCommandStateContext, CommandState>? UpdateState { get; init; }
}

/// <summary>A command declared on a resource with <see cref="ResourceCommandExtensions.WithCommand{T}"/>.</summary>
public sealed class ResourceCommandAnnotation(string name, string displayName, Func<ExecuteCommandContext, Task<ExecuteCommandResult>> executeCommand, CommandOptions options)
{
    public string Name { get; } = ResourceName.Validate(name, "Command name");

    public string DisplayName { get; } = string.IsNullOrWhiteSpace(displayName) ? throw new ArgumentException("A command needs a display name.", nameof(displayName)) : displayName;

    public Func<ExecuteCommandContext, Task<ExecuteCommandResult>> ExecuteCommand { get; } = executeCommand;

    public CommandOptions Options { get; } = options;
}

/// <summary>A command as the resource API and the dashboard show it.</summary>
public sealed record CommandSnapshot(string Name, string DisplayName, string? Description, string? ConfirmationMessage, ResourceCommandState State, string? DisabledReason);

/// <summary>Declares commands an operator runs on a resource from the dashboard or the resource API.</summary>
public static class ResourceCommandExtensions
{
    /// <summary>Adds a command named <paramref name="name"/> (lowercase, digits, '-') shown as <paramref name="displayName"/>.</summary>
    public static IResourceBuilder<T> WithCommand<T>(this IResourceBuilder<T> builder, string name, string displayName, Func<ExecuteCommandContext, Task<ExecuteCommandResult>> executeCommand, CommandOptions? commandOptions = null)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(executeCommand);
        builder.Resource.AddCommand(new ResourceCommandAnnotation(name, displayName, executeCommand, commandOptions ?? new CommandOptions()));
        return builder;
    }
}
