using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Messaging.Probe;

/// <summary>What a request handler does: change state and raise the event, one SaveChanges.</summary>
public static class ProbeChanges
{
    public static Change Make(ProbeDbContext db, string aggregateId, string value, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        var change = new Change { Id = Guid.CreateVersion7(), AggregateId = aggregateId, Value = value };
        db.Changes.Add(change);
        db.AddEvent(new ProbeChanged
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = time.GetUtcNow(),
            ChangeId = change.Id,
            AggregateId = aggregateId,
            Value = value,
        }, aggregateId);
        return change;
    }

    public static async Task<Change> CommitAsync(ProbeDbContext db, string aggregateId, string value, TimeProvider time, CancellationToken cancellationToken)
    {
        var change = Make(db, aggregateId, value, time);
        await db.SaveChangesAsync(cancellationToken);
        return change;
    }
}
