using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.Reporting.Erasure;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Ingest;

/// <summary>Applies events to the read models: live ones once (journal first), and journal entries during a rebuild.</summary>
public sealed class Projector(IServiceProvider services, NetworkCalendar calendar, ProjectionCatalog catalog, ErasedProfessionals erased)
{
    /// <summary>
    /// A batch of live events of one kind: those of erased professionals scrubbed under their pseudonym,
    /// all journaled in one statement, then those not taken in before applied in order, their counter
    /// changes merged into one upsert. Each event sees the ones before it through the change tracker
    /// (<see cref="RowLocks"/>); changes are saved once, at the end.
    /// </summary>
    public async Task TakeInAsync<TEvent>(IReadOnlyList<TEvent> events, ReportingDbContext db, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        var fresh = await Journal.AppendAsync(db, await erased.PseudonymiseAsync(events, db, cancellationToken), cancellationToken);
        if (fresh.Count == 0)
        {
            return;
        }

        var projection = new Projection(db, calendar, fresh[0].EventId);
        var apply = services.GetRequiredService<IProjection<TEvent>>();
        await apply.LockAheadAsync(fresh, projection, cancellationToken);
        foreach (var evt in fresh)
        {
            await apply.ApplyAsync(evt, projection, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Counters last: every transaction takes its row locks in the same order.
        await projection.Figures.FlushAsync(db, cancellationToken);
    }

    public async Task ApplyAsync<TEvent>(TEvent evt, ReportingDbContext db, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        var projection = new Projection(db, calendar, evt.EventId);
        await services.GetRequiredService<IProjection<TEvent>>().ApplyAsync(evt, projection, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Counters last: every transaction takes its row locks in the same order.
        await projection.Figures.FlushAsync(db, cancellationToken);
    }

    /// <summary>A journal entry during a rebuild.</summary>
    public Task ReplayAsync(JournalEntry entry, ReportingDbContext db, CancellationToken cancellationToken) =>
        catalog.Replayer(entry.Type)(this, entry.Body, db, cancellationToken);
}
