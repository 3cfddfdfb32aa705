namespace Platform.Contracts.Events;

/// <summary>
/// An event one service publishes for others: past tense, no suffix, additive changes only
/// (a breaking change is a new type). MassTransit names its exchange
/// <c>Platform.Contracts.Events:&lt;Name&gt;</c>.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique per event; consumers use it to ignore a redelivery.</summary>
    Guid EventId { get; }

    DateTimeOffset OccurredAt { get; }
}
