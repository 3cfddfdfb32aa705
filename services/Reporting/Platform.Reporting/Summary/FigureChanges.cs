using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Platform.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Platform.Reporting.Summary;

/// <summary>
/// Tells every replica that figures changed: a message on the Redis channel
/// <c>reporting:figures-changed</c>, at most one per <see cref="Coalesce"/>, and this replica's own
/// refresher directly (so it keeps up even while Redis is away).
/// </summary>
public sealed partial class FigureChanges(IConnectionMultiplexer redis, ILogger<FigureChanges> logger)
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("reporting:figures-changed");
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);

    private readonly Channel<bool> _local = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _toAnnounce = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Called after an event's effect committed.</summary>
    public void Changed()
    {
        _local.Writer.TryWrite(true);
        _toAnnounce.Writer.TryWrite(true);
    }

    /// <summary>Called when another replica announced a change.</summary>
    public void ChangedElsewhere() => _local.Writer.TryWrite(true);

    /// <summary>Waits until something changed since the last wait, or <paramref name="timeout"/> passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _local.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The periodic refresh: the date moves on (months remaining, overdue) even without events.
        }
    }

    /// <summary>Publishes the pending change to the other replicas, coalescing bursts; runs until stopped.</summary>
    public async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        while (await _toAnnounce.Reader.WaitToReadAsync(cancellationToken))
        {
            _toAnnounce.Reader.TryRead(out _);
            try
            {
                await redis.GetSubscriber().PublishAsync(Channel, "changed");
            }
            catch (Exception ex) when (ex.IsRedisFailure())
            {
                LogUnavailable(logger, ex.Message);
            }

            await Task.Delay(Coalesce, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other replicas that figures changed (they refresh on their own within the refresh interval): {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}

/// <summary>
/// After a transaction of the Reporting database commits, figures may have changed: a batch taken in,
/// the good events of a failed batch taken in one by one, a rebuild. Only those write here (through a
/// transaction), so every commit counts; one that changed nothing (a batch of duplicates) costs one
/// refresh, coalesced with the others. A consumer's end is no such sign: after a failed batch the
/// consume observers hear of it only when its retries are spent (seconds), while its good events
/// committed at once.
/// </summary>
public sealed class FigureCommitSignal(FigureChanges changes) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => changes.Changed();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        changes.Changed();
        return Task.CompletedTask;
    }
}
