using Platform.Contracts.Events;

namespace Platform.Messaging.Probe;

/// <summary>The probe's event: a change was committed.</summary>
public sealed record ProbeChanged : IIntegrationEvent
{
    public required Guid EventId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required Guid ChangeId { get; init; }

    public required string AggregateId { get; init; }

    public required string Value { get; init; }
}
