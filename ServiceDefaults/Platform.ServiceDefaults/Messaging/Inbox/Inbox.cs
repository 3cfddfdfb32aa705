using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// Runs a consumer's effect at most once per (message id, consumer): the id is inserted into the
/// inbox table in the same transaction as the effect. A concurrent duplicate waits on that
/// insert and then finds the id taken.
/// </summary>
public sealed partial class Inbox<TContext>(TContext db, MessagingMetrics metrics, ILogger<Inbox<TContext>> logger)
    where TContext : DbContext
{
    private const string RecordSql = "INSERT INTO " + MessagingModel.InboxTable + " (message_id, consumer) VALUES ({0}, {1}) ON CONFLICT DO NOTHING";

    /// <summary>True when the effect ran and committed; false when the message had been consumed before.</summary>
    public async Task<bool> ConsumeOnceAsync(Guid messageId, string consumer, Func<TContext, CancellationToken, Task> effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        db.ChangeTracker.Clear();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await db.Database.ExecuteSqlRawAsync(RecordSql, [messageId, consumer], cancellationToken) == 0)
            {
                metrics.Duplicate(consumer);
                LogDuplicate(logger, messageId, consumer);
                return false;
            }

            await effect(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            // A failed attempt's tracked changes must not leak into the retry.
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} already consumed by {Consumer}; acknowledged without a second effect")]
    private static partial void LogDuplicate(ILogger logger, Guid messageId, string consumer);
}
