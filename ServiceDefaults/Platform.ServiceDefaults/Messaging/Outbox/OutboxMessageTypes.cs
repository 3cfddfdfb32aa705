using System.Collections.Concurrent;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>Event type names as stored in the outbox (<c>Namespace.Type, Assembly</c>) and back.</summary>
internal static class OutboxMessageTypes
{
    private static readonly ConcurrentDictionary<string, Type> Resolved = new(StringComparer.Ordinal);

    public static string NameOf(Type type) => type.FullName + ", " + type.Assembly.GetName().Name;

    /// <summary>The CLR type of a stored name; a name no loaded assembly defines is a deployment error.</summary>
    public static Type Resolve(string name) =>
        Resolved.GetOrAdd(name, static n => Type.GetType(n, throwOnError: false)
            ?? throw new InvalidOperationException($"The outbox holds an event of type '{n}', which this build does not define."));
}
