using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// The one way request code raises an event: it joins the DbContext's pending changes, so the
/// same <c>SaveChanges</c> commits both or neither. Nothing publishes to RabbitMQ directly; the
/// relay does, woken by the commit (<see cref="OutboxCommitSignal"/>).
/// </summary>
public static class OutboxExtensions
{
    internal static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web);

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
}
