namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// One event waiting in the service's outbox table, written in the same transaction as the
/// change that caused it. Only <see cref="OutboxExtensions.AddEvent{TEvent}(Microsoft.EntityFrameworkCore.DbContext, TEvent, string)"/> creates one.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Commit order; the relay publishes in this order.</summary>
    public long Sequence { get; private set; }

    /// <summary>The event's id, sent as the message id so consumers can recognise a redelivery.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>Events of one aggregate are published in order, one after the other.</summary>
    public required string AggregateId { get; init; }

    /// <summary>The event's type name in <c>Platform.Contracts.Events</c>.</summary>
    public required string MessageType { get; init; }

    /// <summary>The event as JSON.</summary>
    public required string Body { get; init; }

    /// <summary>The W3C trace context of the request that raised the event, so the trace continues.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }

    /// <summary>Set by the database at insert (transaction time).</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }
}
