using System.Collections.Concurrent;

namespace Platform.Hosting;

/// <summary>
/// Runs the commands declared with <c>WithCommand</c> and keeps their state in the resources'
/// snapshots: every change of any resource asks each command's state callback again. A command
/// runs once at a time; while it runs it is disabled for everyone, and it is cancelled when the
/// application stops (not when the caller leaves).
/// </summary>
public sealed class ResourceCommandService : IDisposable
{
    private readonly DistributedApplication _application;
    private readonly Dictionary<string, IReadOnlyList<ResourceCommandAnnotation>> _commands;
    private readonly ConcurrentDictionary<(string Resource, string Command), DateTimeOffset> _running = new();
    private readonly Lock _refreshGate = new();
    private readonly CancellationTokenSource _stopping = new();

    internal ResourceCommandService(DistributedApplication application, IEnumerable<Resource> resources)
    {
        _application = application;
        _commands = resources.Where(r => r.Commands.Count > 0).ToDictionary(r => r.Name, r => r.Commands, StringComparer.Ordinal);
    }

    /// <summary>The command, or null when the resource has no command of that name.</summary>
    public ResourceCommandAnnotation? Find(string resourceName, string commandName) =>
        _commands.TryGetValue(resourceName, out var commands) ? commands.FirstOrDefault(c => c.Name == commandName) : null;

    /// <summary>
    /// Runs the command if it is enabled now and answers how it ended; an exception it throws is a failure with its message.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The resource has no such command.</exception>
    /// <exception cref="CommandUnavailableException">The command is disabled, hidden or already running.</exception>
    public async Task<ExecuteCommandResult> ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken = default)
    {
        var command = Find(resourceName, commandName)
            ?? throw new KeyNotFoundException($"Resource '{resourceName}' has no command named '{commandName}'.");
        var state = StateOf(resourceName, command);
        if (state.State != ResourceCommandState.Enabled)
        {
            throw new CommandUnavailableException(state.Reason ?? $"'{command.DisplayName}' is not available on {resourceName}.");
        }

        if (!_running.TryAdd((resourceName, commandName), DateTimeOffset.UtcNow))
        {
            throw new CommandUnavailableException(StateOf(resourceName, command).Reason ?? $"'{command.DisplayName}' is running.");
        }

        try
        {
            Refresh();
            return await RunAsync(resourceName, command, cancellationToken);
        }
        finally
        {
            _running.TryRemove((resourceName, commandName), out _);
            Refresh();
        }
    }

    /// <summary>Keeps the commands' states current until the application stops.</summary>
    internal async Task TrackStatesAsync()
    {
        try
        {
            await foreach (var _ in _application.ResourceNotifications.WatchAsync(_stopping.Token))
            {
                Refresh();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The application is stopping.
        }
    }

    /// <summary>Cancels running commands and stops tracking states.</summary>
    internal Task StopAsync() => _stopping.CancelAsync();

    public void Dispose() => _stopping.Dispose();

    private async Task<ExecuteCommandResult> RunAsync(string resourceName, ResourceCommandAnnotation command, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        using var log = new ResourceLogWriter(_application.ResourceLogs, resourceName, command.Name);
        await log.WriteLineAsync($"{command.DisplayName}: started.");
        ExecuteCommandResult result;
        try
        {
            result = await command.ExecuteCommand(new ExecuteCommandContext { Application = _application, ResourceName = resourceName, Log = log, CancellationToken = cancel.Token });
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            result = CommandResults.Failure("Cancelled: the application is stopping.");
        }
        catch (Exception ex)
        {
            result = CommandResults.Failure(ex.Message);
        }

        await log.WriteLineAsync($"{command.DisplayName}: {(result.Success ? "succeeded" : "failed")}{(result.Message is null ? "." : ": " + result.Message)}");
        return result;
    }

    /// <summary>Asks every command's state again and updates the snapshots whose commands changed.</summary>
    internal void Refresh()
    {
        lock (_refreshGate)
        {
            foreach (var (resourceName, commands) in _commands)
            {
                var current = _application.ResourceNotifications.Get(resourceName).Commands;
                var next = commands.Select(c => Snapshot(resourceName, c)).ToList();
                if (!next.SequenceEqual(current))
                {
                    _application.ResourceNotifications.Update(resourceName, s => s with { Commands = next });
                }
            }
        }
    }

    private CommandSnapshot Snapshot(string resourceName, ResourceCommandAnnotation command)
    {
        var state = StateOf(resourceName, command);
        return new CommandSnapshot(command.Name, command.DisplayName, command.Options.Description, command.Options.ConfirmationMessage, state.State, state.Reason);
    }

    private CommandState StateOf(string resourceName, ResourceCommandAnnotation command)
    {
        if (_running.TryGetValue((resourceName, command.Name), out var since))
        {
            return CommandState.Disabled($"{command.DisplayName} is running (since {since:HH:mm:ss} UTC).");
        }

        if (command.Options.UpdateState is not { } updateState)
        {
            return CommandState.Enabled;
        }

        try
        {
            return updateState(new UpdateCommandStateContext { ResourceSnapshot = _application.ResourceNotifications.Get(resourceName), ResourceNotifications = _application.ResourceNotifications });
        }
        catch (Exception ex)
        {
            return CommandState.Disabled($"Its state could not be decided: {ex.Message}");
        }
    }
}

/// <summary>A command cannot run now: it is disabled (the message says why), hidden or already running.</summary>
public sealed class CommandUnavailableException(string message) : Exception(message);
