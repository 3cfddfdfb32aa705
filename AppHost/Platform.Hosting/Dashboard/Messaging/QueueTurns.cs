using System.Collections.Concurrent;

namespace Platform.Hosting.Dashboard.Messaging;

/// <summary>
/// One look into a queue at a time, per broker and queue. A re-drive holds the messages before its
/// own unacknowledged while it looks, and a peek takes the messages it shows and puts them back:
/// either one beside another would not find the messages the other holds.
/// </summary>
internal static class QueueTurns
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);

    public static SemaphoreSlim Of(RabbitMQServerResource broker, string queue) =>
        Turns.GetOrAdd($"{broker.Name}/{queue}", _ => new SemaphoreSlim(1, 1));
}
