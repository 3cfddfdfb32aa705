using System.Collections.Concurrent;

namespace Platform.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// The name the inbox remembers a consumer's messages under: its type's full name, and for a
/// generic consumer the definition's with its arguments' names in angle brackets
/// (<c>Platform.Reporting.Ingest.EventConsumer&lt;Platform.Contracts.Events.ParticipantAttended&gt;</c>).
/// No assembly names or versions, which <see cref="Type.FullName"/> gives a generic type's
/// arguments: a redelivery must be recognised by a build with a new contracts version.
/// </summary>
internal static class InboxConsumerName
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string Of(Type consumer) => Names.GetOrAdd(consumer, Name);

    private static string Name(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }

        var definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
        return $"{definition[..definition.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GetGenericArguments().Select(Name))}>";
    }
}
