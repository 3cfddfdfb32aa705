using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Publishes what the outbox holds: wakes on a commit notification (or its poll interval),
/// drains the table batch by batch, holds back an aggregate whose event fails to publish (the
/// others go on), backs off while RabbitMQ or the database is away, and deletes sent rows past
/// their retention. Several replicas may run it at once.
/// </summary>
internal sealed partial class OutboxRelay(
    OutboxStore store,
    OutboxPublisher publisher,
    OutboxSignal signal,
    FailingAggregates failing,
    MessagingMetrics metrics,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(1);
    private readonly MessagingOptions _options = options.Value;
    private DateTimeOffset _nextCleanup;
    private DateTimeOffset _nextLag;
    private DateTimeOffset? _oldestUnsentAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever was not published stays in the outbox for the next start.
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var outbox = _options.Outbox;
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), outbox.MaxBackoff);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await DrainAsync(stoppingToken);
                if (backoff.Active && published > 0)
                {
                    LogResumed(logger);
                    backoff.Reset();
                }

                await HousekeepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                await PauseAsync(backoff, ex, stoppingToken);
                continue;
            }

            await signal.WaitAsync(outbox.PollInterval, stoppingToken);
        }
    }

    /// <summary>Waits the next back-off delay; logged when the pause begins (the attempts after it at Debug).</summary>
    private async Task PauseAsync(Backoff backoff, Exception failure, CancellationToken stoppingToken)
    {
        var pausing = !backoff.Active;
        var delay = backoff.Next();
        if (pausing)
        {
            LogPaused(logger, delay.TotalSeconds, failure.Message);
        }
        else
        {
            LogStillPaused(logger, delay.TotalSeconds, failure.Message);
        }

        await UpdateLagAsync(stoppingToken);
        await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Publishes batch after batch until there is nothing left this relay may publish now; returns
    /// how many events went out. Throws to pause the relay when a batch published nothing because of
    /// a new failure, as when RabbitMQ is away. The lag gauge follows a long drain.
    /// </summary>
    private async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        while (await PublishBatchAsync(cancellationToken) is { } outcome)
        {
            published += outcome.Sent.Count;
            if (Settle(outcome) is { } pause)
            {
                throw new OutboxPublishException(pause);
            }

            await UpdateLagWhenDueAsync(cancellationToken);
        }

        return published;
    }

    /// <summary>
    /// One transaction: lock rows, publish them, mark what RabbitMQ confirmed as sent; null when
    /// there was nothing to lock. Once the rows are published, the marking and the commit are not
    /// cancelled by stopping: confirmed events left unmarked would be published again after the restart.
    /// </summary>
    private async Task<PublishOutcome?> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = await OutboxStore.LockBatchAsync(connection, transaction, _options.Outbox.BatchSize, failing.HeldBack(), cancellationToken);
        if (batch.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return null;
        }

        var outcome = await publisher.PublishAsync(batch, cancellationToken);
        if (outcome.Sent.Count > 0)
        {
            await OutboxStore.MarkSentAsync(connection, transaction, [.. outcome.Sent.Select(e => e.Sequence)], CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        metrics.Published(outcome.Sent.Count);

        // Only the publishes tried: the events behind a failed one of their aggregate were not.
        if (outcome.Failures.Count > 0)
        {
            metrics.PublishFailed(outcome.Failures.Count);
        }

        return outcome;
    }

    /// <summary>
    /// Holds back each aggregate whose event failed (for a wait that doubles with its failures) and
    /// releases those that published. A new failure beside published events is its aggregate's own
    /// (RabbitMQ works): logged as an error naming the event. A new failure in a batch that published
    /// nothing is returned: the relay pauses on it.
    /// </summary>
    private FailedPublish? Settle(PublishOutcome outcome)
    {
        foreach (var aggregate in outcome.Sent.Select(e => e.AggregateId).Distinct(StringComparer.Ordinal))
        {
            if (failing.Published(aggregate) is { Logged: true } failure)
            {
                LogAggregatePublishes(logger, aggregate, failure.Attempts);
            }
        }

        var ownFault = outcome.Sent.Count > 0;
        FailedPublish? pause = null;
        foreach (var failed in outcome.Failures)
        {
            if (failing.Failed(failed, logged: ownFault) is not null)
            {
                continue;
            }

            if (ownFault)
            {
                LogAggregateHeldBack(logger, failed.Event.Sequence, failed.Event.MessageType, failed.Event.AggregateId, failed.Error.Message);
            }
            else
            {
                pause ??= failed;
            }
        }

        return pause;
    }

    private async Task HousekeepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now >= _nextCleanup)
        {
            _nextCleanup = now + _options.Outbox.CleanupInterval;
            await CleanUpAsync(cancellationToken);
        }

        await UpdateLagWhenDueAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the rows past their retention. A failure is the cleanup's own: logged, and tried
    /// again at the next cleanup; publishing goes on without a pause.
    /// </summary>
    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await store.DeleteExpiredAsync(_options.Outbox.Retention, _options.InboxRetention, cancellationToken);
            if (deleted > 0)
            {
                LogDeleted(logger, deleted);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogCleanupFailed(logger, _options.Outbox.CleanupInterval.TotalMinutes, ex.Message);
        }
    }

    private async Task UpdateLagWhenDueAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() >= _nextLag)
        {
            await UpdateLagAsync(cancellationToken);
        }
    }

    private async Task UpdateLagAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _nextLag = now + LagInterval;
        try
        {
            _oldestUnsentAt = now - (await store.OldestUnsentAsync(cancellationToken))?.Age;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The outbox cannot be read: the health check says so, and the oldest event last seen
            // waiting keeps ageing (nothing can mark it sent meanwhile). Whatever the failure, it must
            // not end the relay (a background service's exception stops the host).
        }

        metrics.Lag(_oldestUnsentAt is { } oldest ? now - oldest : TimeSpan.Zero);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay paused, retrying in {Seconds:0.#} s and then with back-off until it publishes again: {Reason}")]
    private static partial void LogPaused(ILogger logger, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox relay still paused, retrying in {Seconds:0.#} s: {Reason}")]
    private static partial void LogStillPaused(ILogger logger, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay resumed publishing")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox event #{Sequence} ({MessageType}) of aggregate '{AggregateId}' cannot be published: {Reason} Its aggregate's later events wait behind it and it is tried again with back-off; other aggregates are published.")]
    private static partial void LogAggregateHeldBack(ILogger logger, long sequence, string messageType, string aggregateId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox aggregate '{AggregateId}' published again after {Attempts} failed attempt(s)")]
    private static partial void LogAggregatePublishes(ILogger logger, string aggregateId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox cleanup failed: sent outbox rows and inbox ids past their retention were not deleted; tried again in {Minutes:0.##} min (publishing goes on): {Reason}")]
    private static partial void LogCleanupFailed(ILogger logger, double minutes, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} outbox and inbox rows past their retention")]
    private static partial void LogDeleted(ILogger logger, int count);
}

/// <summary>A batch published nothing: its events stay in the outbox for the next attempt.</summary>
internal sealed class OutboxPublishException(FailedPublish failed)
    : Exception($"event #{failed.Event.Sequence} ({failed.Event.MessageType}) of aggregate '{failed.Event.AggregateId}' was not published: {failed.Error.Message}", failed.Error);
