using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Wakes this replica's relay the moment a transaction that wrote events commits (EF Core's own
/// transactions included), so the relay publishes within milliseconds without the database
/// having to notify anyone. <see cref="OutboxExtensions.AddEvent{TEvent}(DbContext, TEvent, string)"/>
/// marks the context; a commit of a marked context signals and clears the mark.
/// A rollback keeps the mark on purpose: the events stay added in the context, and a retry of
/// SaveChanges (an execution strategy's, or the caller's) commits them, and that commit must wake
/// the relay. If no retry comes, the context's next commit wakes the relay once for nothing: one
/// empty poll.
/// </summary>
internal sealed class OutboxCommitSignal(OutboxSignal signal) : DbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Pending = [];
    private static readonly object Mark = new();

    /// <summary>Called for every event added to <paramref name="db"/>'s pending changes.</summary>
    public static void MarkPending(DbContext db) => Pending.AddOrUpdate(db, Mark);

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Signal(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Signal(eventData.Context);
        return Task.CompletedTask;
    }

    private void Signal(DbContext? context)
    {
        if (context is not null && Pending.Remove(context))
        {
            signal.Notify();
        }
    }
}
