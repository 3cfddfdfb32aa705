using Platform.Contracts.Reporting.V1;

namespace Platform.Reporting.Summary;

/// <summary>
/// The replica's current impact summary, in memory: reads cost nothing, and watchers wake when a
/// refresh finds different figures.
/// </summary>
public sealed class ImpactSummaryCache(IServiceScopeFactory scopes) : IDisposable
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot? _current;

    /// <summary>The summary now: from memory, computed first if this replica has none yet.</summary>
    public async ValueTask<ImpactSummary> GetAsync(CancellationToken cancellationToken) =>
        (_current ?? await RefreshAsync(cancellationToken)).Summary;

    /// <summary>Computes the summary again; watchers are woken if any figure changed.</summary>
    public async Task<Snapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var summary = await scope.ServiceProvider.GetRequiredService<ImpactSummaryCalculator>().ComputeAsync(cancellationToken);
            var previous = _current;
            if (previous is not null && SameFigures(previous.Summary, summary))
            {
                return previous;
            }

            var next = new Snapshot(summary, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _current = next;
            previous?.Replaced.TrySetResult();
            return next;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>The first summary with figures other than <paramref name="seen"/>'s.</summary>
    public async Task<Snapshot> NextAsync(Snapshot seen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        await seen.Replaced.Task.WaitAsync(cancellationToken);
        return _current!;
    }

    public async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken) => _current ?? await RefreshAsync(cancellationToken);

    public void Dispose() => _refreshing.Dispose();

    private static bool SameFigures(ImpactSummary a, ImpactSummary b)
    {
        var left = a.Clone();
        left.ComputedAt = b.ComputedAt;
        return left.Equals(b);
    }

    /// <summary>One summary, and the signal that a newer one replaced it.</summary>
    public sealed record Snapshot(ImpactSummary Summary, TaskCompletionSource Replaced);
}
