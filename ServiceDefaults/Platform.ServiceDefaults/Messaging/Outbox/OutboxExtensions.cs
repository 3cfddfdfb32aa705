using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.ServiceDefaults.Grpc;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// The one way request code raises an event: it joins the DbContext's pending changes, so the
/// same <c>SaveChanges</c> commits both or neither. Nothing publishes to RabbitMQ directly; the
/// relay does, woken by the commit (<see cref="OutboxCommitSignal"/>).
/// </summary>
public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A stored body read whole, every field of it: a field this build's event type lacks (written
    /// by a replica of a newer build during a rolling deploy) fails the read, so the relay holds its
    /// aggregate back and an erasure's rewrite refuses, instead of this build dropping the field.
    /// </summary>
    internal static readonly JsonSerializerOptions WholeBody = new(BodyOptions) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>Adds the event to the outbox; <paramref name="aggregateId"/> orders it after that aggregate's earlier events.</summary>
    public static void AddEvent<TEvent>(this DbContext db, TEvent @event, string aggregateId)
        where TEvent : class, IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentException.ThrowIfNullOrWhiteSpace(aggregateId);
        if (@event.EventId == Guid.Empty)
        {
            throw new ArgumentException("An event needs an EventId: consumers recognise a redelivery by it.", nameof(@event));
        }

        var activity = Activity.Current;
        OutboxCommitSignal.MarkPending(db);
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageId = @event.EventId,
            AggregateId = aggregateId,
            MessageType = OutboxMessageTypes.NameOf(typeof(TEvent)),
            Body = JsonSerializer.Serialize(@event, BodyOptions),
            TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            TraceState = activity?.TraceStateString,
        });
    }

    /// <inheritdoc cref="AddEvent{TEvent}(DbContext, TEvent, string)"/>
    public static void AddEvent<TEvent>(this DbContext db, TEvent @event, Guid aggregateId)
        where TEvent : class, IIntegrationEvent =>
        db.AddEvent(@event, aggregateId.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>
    /// Deletes the events already sent (kept a week for operators) whose JSON holds
    /// <paramref name="mentioning"/>, for an erasure. In the caller's transaction.
    /// </summary>
    public static Task<int> DeleteSentEventsMentioningAsync(this DbContext db, string mentioning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlAsync($"DELETE FROM outbox_messages WHERE sent_at IS NOT NULL AND strpos(body, {mentioning}) > 0", cancellationToken);
    }

    /// <summary>
    /// Rewrites the <typeparamref name="TEvent"/>s still waiting in the outbox whose JSON holds
    /// <paramref name="mentioning"/>: <paramref name="rewrite"/> returns the event to publish
    /// instead, or null to leave it. For an erasure, whose change must also reach the events not
    /// yet published: subscribers then receive them as rewritten. In the caller's transaction; a row
    /// the relay is publishing at this moment is waited for, and is left as it is once sent. Returns
    /// how many were rewritten. Throws <see cref="ConcurrencyConflictException"/> when one of them
    /// does not read whole as this build's type (a replica of a newer build wrote it, with a field
    /// this build lacks): rewritten here it would lose that field, and left as it is it could carry
    /// what the erasure removes, so the caller's transaction is to roll back and be retried.
    /// </summary>
    public static async Task<int> RewriteUnsentEventsAsync<TEvent>(this DbContext db, string mentioning, Func<TEvent, TEvent?> rewrite, CancellationToken cancellationToken)
        where TEvent : class, IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rewrite);
        var type = OutboxMessageTypes.NameOf(typeof(TEvent));
        var unsent = await db.Set<OutboxMessage>()
            .FromSql($"SELECT * FROM outbox_messages WHERE sent_at IS NULL AND message_type = {type} AND strpos(body, {mentioning}) > 0 FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var rewritten = 0;
        foreach (var row in unsent)
        {
            if (rewrite(ReadWhole<TEvent>(row)) is { } replacement)
            {
                var body = JsonSerializer.Serialize(replacement, BodyOptions);
                rewritten += await db.Database.ExecuteSqlAsync($"UPDATE outbox_messages SET body = {body} WHERE sequence = {row.Sequence}", cancellationToken);
            }
        }

        return rewritten;
    }

    private static TEvent ReadWhole<TEvent>(OutboxMessage row)
    {
        try
        {
            return JsonSerializer.Deserialize<TEvent>(row.Body, WholeBody)!;
        }
        catch (JsonException ex)
        {
            throw new ConcurrencyConflictException(
                $"Unsent event #{row.Sequence} ({row.MessageType}) does not read as this build's {typeof(TEvent).Name} ({ex.Message}): "
                + "a replica of another build wrote it, as during a rolling deploy, and rewriting it here would drop what this build does not know. Nothing was changed; retry once the deploy is done.");
        }
    }
}
