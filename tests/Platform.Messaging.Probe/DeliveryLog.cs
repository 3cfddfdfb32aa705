using System.Collections.Concurrent;

namespace Platform.Messaging.Probe;

/// <summary>Every attempt the consumer saw, in arrival order (outside the transaction, so failed attempts count too).</summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentQueue<(Guid MessageId, ProbeChanged Message)> _deliveries = new();

    public void Record(Guid messageId, ProbeChanged message) => _deliveries.Enqueue((messageId, message));

    public IReadOnlyList<(Guid MessageId, ProbeChanged Message)> Snapshot() => [.. _deliveries];
}
