namespace Platform.ServiceDefaults.Messaging.Inbox;

/// <summary>A message a consumer has taken effect for, recorded in the same transaction as the effect.</summary>
public sealed class InboxMessage
{
    public required Guid MessageId { get; init; }

    /// <summary>The consumer's name (<see cref="InboxConsumerName"/>): one message may take effect once per consumer.</summary>
    public required string Consumer { get; init; }

    public DateTimeOffset ReceivedAt { get; private set; }
}
