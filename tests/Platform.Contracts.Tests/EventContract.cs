using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Contracts.Events;

namespace Platform.Contracts.Tests;

/// <summary>The integration events as reflection sees them, named and typed as they appear in JSON.</summary>
internal static class EventContract
{
    /// <summary>The catalog's type names; anything else is not a field type subscribers are promised.</summary>
    public static readonly IReadOnlySet<string> Vocabulary = new HashSet<string>(StringComparer.Ordinal)
    {
        "uuid", "string", "string?", "uuid?", "integer", "integer?", "number", "number?",
        "boolean", "timestamp", "timestamp?", "date", "string[]", "uuid[]", "uuid[]?",
    };

    /// <summary>Every public type in the contracts assembly that implements <see cref="IIntegrationEvent"/> (interfaces aside).</summary>
    public static IReadOnlyList<Type> EventTypes { get; } = typeof(IIntegrationEvent).Assembly.GetExportedTypes()
        .Where(t => !t.IsInterface && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    public static Type EventType(string name) => EventTypes.Single(t => t.Name == name);

    /// <summary>The exchange MassTransit publishes the type to: <c>Namespace:Name</c>.</summary>
    public static string ExchangeOf(Type type) => $"{type.Namespace}:{type.Name}";

    /// <summary>Public instance properties in declaration order (a base type's first).</summary>
    public static IReadOnlyList<PropertyInfo> Properties(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .OrderBy(p => Depth(p.DeclaringType!))
        .ThenBy(p => p.MetadataToken)
        .ToList();

    /// <summary>The property's name in the JSON message: its <see cref="JsonPropertyNameAttribute"/>, else camelCase.</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    public static bool IsNullable(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable);

    public static bool IsRequired(PropertyInfo property) => property.IsDefined(typeof(RequiredMemberAttribute), inherit: false);

    public static bool IsInitOnly(PropertyInfo property) =>
        property.SetMethod is { IsPublic: true } setter && setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    /// <summary>A record: the compiler gives it a clone method.</summary>
    public static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    /// <summary>
    /// The catalog's type for the property (<c>uuid</c>, <c>integer?</c>, <c>string[]</c> ...), or
    /// why the property's CLR type has none.
    /// </summary>
    public static (string? JsonType, string? Problem) JsonTypeOf(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var nullability = new NullabilityInfoContext().Create(property);
        string? name;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            if (nullability.GenericTypeArguments[0].ReadState == NullabilityState.Nullable || Nullable.GetUnderlyingType(element) is not null)
            {
                return (null, $"{property.Name}: list elements must not be nullable");
            }

            name = element == typeof(string) ? "string[]" : element == typeof(Guid) ? "uuid[]" : null;
        }
        else if (type == typeof(decimal))
        {
            return (null, $"{property.Name}: MassTransit writes a decimal as a JSON string (\"2.5\"), not a number; use double");
        }
        else
        {
            name = Scalars.GetValueOrDefault(type);
        }

        if (name is null)
        {
            return (null, $"{property.Name}: {property.PropertyType} has no type in the catalog's vocabulary");
        }

        var jsonType = IsNullable(property) ? name + "?" : name;
        return Vocabulary.Contains(jsonType)
            ? (jsonType, null)
            : (null, $"{property.Name}: {jsonType} is not in the catalog's vocabulary ({string.Join(", ", Vocabulary)})");
    }

    private static readonly Dictionary<Type, string> Scalars = new()
    {
        [typeof(Guid)] = "uuid",
        [typeof(string)] = "string",
        [typeof(int)] = "integer",
        [typeof(long)] = "integer",
        [typeof(double)] = "number",
        [typeof(bool)] = "boolean",
        [typeof(DateTimeOffset)] = "timestamp",
        [typeof(DateTime)] = "timestamp",
        [typeof(DateOnly)] = "date",
    };

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            depth++;
        }

        return depth;
    }
}
