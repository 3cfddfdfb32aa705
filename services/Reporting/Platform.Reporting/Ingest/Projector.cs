using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.ServiceDefaults;

namespace Platform.Reporting.Ingest;

/// <summary>Applies events to the read models: live ones once (journal first), and journal entries during a rebuild.</summary>
public sealed class Projector(IServiceProvider services, NetworkCalendar calendar, ProjectionCatalog catalog)
{
    /// <summary>A live event: journaled and applied, or nothing when its id was taken in before.</summary>
    public async Task TakeInAsync<TEvent>(TEvent evt, ReportingDbContext db, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        if (await Journal.AppendAsync(db, evt, cancellationToken))
        {
            await ApplyAsync(evt, db, cancellationToken);
        }
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
