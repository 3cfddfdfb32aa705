using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Publishes what the outbox holds: wakes on a commit notification (or its poll interval),
/// drains the table batch by batch, backs off while RabbitMQ or the database is away, and
/// deletes sent rows past their retention. Several replicas may run it at once.
/// </summary>
internal sealed partial class OutboxRelay(
    OutboxStore store,
    OutboxPublisher publisher,
    OutboxSignal signal,
    MessagingMetrics metrics,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(1);
    private readonly MessagingOptions _options = options.Value;
    private DateTimeOffset _nextCleanup;
    private DateTimeOffset _nextLag;

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
                await DrainAsync(stoppingToken);
                if (backoff.Active)
                {
                    LogResumed(logger);
                    backoff.Reset();
                }

                await HousekeepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Next();
                LogPublishFailed(logger, delay.TotalSeconds, ex.Message);
                await UpdateLagAsync(stoppingToken);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            await signal.WaitAsync(outbox.PollInterval, stoppingToken);
        }
    }

    /// <summary>Publishes batch after batch until there is nothing left this relay may publish.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (await PublishBatchAsync(cancellationToken) > 0)
        {
        }
    }

    /// <summary>One transaction: lock rows, publish them, mark what RabbitMQ confirmed as sent.</summary>
    private async Task<int> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = await OutboxStore.LockBatchAsync(connection, transaction, _options.Outbox.BatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        var outcome = await publisher.PublishAsync(batch, cancellationToken);
        if (outcome.Sent.Count > 0)
        {
            await OutboxStore.MarkSentAsync(connection, transaction, outcome.Sent, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        metrics.Published(outcome.Sent.Count);
        if (outcome.Failure is not null)
        {
            metrics.PublishFailed(batch.Count - outcome.Sent.Count);
            throw new OutboxPublishException(batch.Count - outcome.Sent.Count, outcome.Failure);
        }

        return outcome.Sent.Count;
    }

    private async Task HousekeepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now >= _nextCleanup)
        {
            _nextCleanup = now + _options.Outbox.CleanupInterval;
            var deleted = await store.DeleteExpiredAsync(_options.Outbox.Retention, _options.InboxRetention, cancellationToken);
            if (deleted > 0)
            {
                LogDeleted(logger, deleted);
            }
        }

        if (now >= _nextLag)
        {
            await UpdateLagAsync(cancellationToken);
        }
    }

    private async Task UpdateLagAsync(CancellationToken cancellationToken)
    {
        _nextLag = time.GetUtcNow() + LagInterval;
        try
        {
            metrics.Lag(await store.LagAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // The database is away: the health check says so; the last lag stays.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay paused, retrying in {Seconds:0.#} s: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay resumed publishing")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} outbox and inbox rows past their retention")]
    private static partial void LogDeleted(ILogger logger, int count);
}

/// <summary>Some events of a batch were not confirmed; they stay in the outbox for the next attempt.</summary>
internal sealed class OutboxPublishException(int unsent, Exception inner)
    : Exception($"{unsent} event(s) not published: {inner.Message}", inner);
