using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// Runs a consumer's effect at most once per (message id, consumer): the id is inserted into the
/// inbox table in the same transaction as the effect. A concurrent duplicate waits on that
/// insert and then finds the id taken. A batch records all its ids in one statement and runs one
/// effect, in one transaction, for the messages not consumed before.
/// </summary>
public sealed partial class Inbox<TContext>(TContext db, MessagingMetrics metrics, ILogger<Inbox<TContext>> logger)
    where TContext : DbContext
{
    private const string RecordSql = "INSERT INTO " + MessagingModel.InboxTable + " (message_id, consumer) VALUES ({0}, {1}) ON CONFLICT DO NOTHING";

    /// <summary>True when the effect ran and committed; false when the message had been consumed before.</summary>
    public async Task<bool> ConsumeOnceAsync(Guid messageId, string consumer, Func<TContext, CancellationToken, Task> effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        var consumed = await ConsumeBatchOnceAsync([messageId], consumer, (context, _, ct) => effect(context, ct), cancellationToken);
        return consumed.Count == 1;
    }

    /// <summary>
    /// Records <paramref name="messageIds"/> and runs <paramref name="effect"/> with those not
    /// consumed before (in the given order), all in one transaction; returns those ids. A failure
    /// rolls back the whole batch: no id is recorded, no effect stays.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ConsumeBatchOnceAsync(
        IReadOnlyList<Guid> messageIds, string consumer, Func<TContext, IReadOnlyList<Guid>, CancellationToken, Task> effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        ArgumentNullException.ThrowIfNull(effect);
        db.ChangeTracker.Clear();
        try
        {
            await using var transaction = await db.BeginAllOrNothingAsync(cancellationToken);
            var fresh = await RecordAsync(messageIds, consumer, cancellationToken);
            foreach (var duplicate in messageIds.Except(fresh))
            {
                metrics.Duplicate(consumer);
                LogDuplicate(logger, duplicate, consumer);
            }

            if (fresh.Count == 0)
            {
                return fresh;
            }

            await effect(db, fresh, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return fresh;
        }
        finally
        {
            // A failed attempt's tracked changes must not leak into the retry.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Inserts the ids in one statement; returns those that were new, in the given order.</summary>
    private async Task<IReadOnlyList<Guid>> RecordAsync(IReadOnlyList<Guid> messageIds, string consumer, CancellationToken cancellationToken)
    {
        var distinct = messageIds.Distinct().ToList();
        if (distinct.Count == 1)
        {
            return await db.Database.ExecuteSqlRawAsync(RecordSql, [distinct[0], consumer], cancellationToken) == 1 ? distinct : [];
        }

        var sql = new StringBuilder("INSERT INTO " + MessagingModel.InboxTable + " (message_id, consumer) VALUES ");
        for (var i = 0; i < distinct.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"({{{i + 1}}}, {{0}}),");
        }

        sql.Length--;
        sql.Append(" ON CONFLICT DO NOTHING RETURNING message_id AS \"Value\"");
#pragma warning disable EF1002 // Only placeholders are formatted in; the values are parameters.
        var inserted = await db.Database.SqlQueryRaw<Guid>(sql.ToString(), [consumer, .. distinct.Cast<object>()]).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        var recorded = inserted.ToHashSet();
        return distinct.Where(recorded.Contains).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} already consumed by {Consumer}; acknowledged without a second effect")]
    private static partial void LogDuplicate(ILogger logger, Guid messageId, string consumer);
}
