using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Wakes this replica's relay the moment a transaction that wrote events commits (EF Core's own
/// transactions included), so the relay publishes within milliseconds without the database
/// having to notify anyone. <see cref="OutboxExtensions.AddEvent{TEvent}(DbContext, TEvent, string)"/>
/// marks the context; a commit of a marked context signals and clears the mark. A save outside any
/// transaction (EF Core runs a single statement without one) is its own commit: it signals when
/// it has saved.
/// A rollback keeps the mark on purpose: the events stay added in the context, and a retry of
/// SaveChanges (an execution strategy's, or the caller's) commits them, and that commit must wake
/// the relay. If no retry comes, the context's next commit wakes the relay once for nothing: one
/// empty poll.
/// </summary>
internal sealed class OutboxCommitSignal(OutboxSignal signal) : DbTransactionInterceptor, ISaveChangesInterceptor
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

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SignalUnlessInTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SignalUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>Within a transaction (the caller's) the save is not committed yet: its commit signals.</summary>
    private void SignalUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Signal(context);
        }
    }

    private void Signal(DbContext? context)
    {
        if (context is not null && Pending.Remove(context))
        {
            signal.Notify();
        }
    }
}
