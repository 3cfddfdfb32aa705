using System.Globalization;
using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>Conversions every telemetry store shares: attributes to strings, OTLP times, ids.</summary>
internal static class OtlpValues
{
    /// <summary>The one of <paramref name="names"/> that is <paramref name="name"/> in any case ("warning" is Warning), or null when there is none.</summary>
    public static string? Named(string[] names, string name) => names.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static AttributeDictionary Attributes(Google.Protobuf.Collections.RepeatedField<KeyValue>? attributes)
    {
        if (attributes is not { Count: > 0 })
        {
            return AttributeDictionary.Empty;
        }

        var items = new KeyValuePair<string, string>[attributes.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = KeyValuePair.Create(TelemetryStrings.Intern(attributes[i].Key), Text(attributes[i].Value));
        }

        return new AttributeDictionary(items);
    }

    /// <summary>A value as text: an array as <c>[a, b]</c>, a map as <c>{k=v, …}</c>, nested as deep as they come.</summary>
    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(v => v.Key + "=" + Text(v.Value))) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToHexStringLower(value.BytesValue.Span),
        _ => string.Empty,
    };

    public static DateTimeOffset Time(ulong unixNano) => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNano / 100));

    public static string? Id(Google.Protobuf.ByteString bytes) => bytes.IsEmpty ? null : Convert.ToHexStringLower(bytes.Span);

    /// <summary>The resource's <c>service.name</c> (<c>unknown</c> when it has none) and <c>service.instance.id</c>; an attribute may come without a value.</summary>
    public static (string Service, string? Instance) Origin(Otlp.Resource? resource)
    {
        string service = "unknown";
        string? instance = null;
        foreach (var attribute in resource?.Attributes ?? [])
        {
            if (attribute.Key == "service.name" && Text(attribute.Value) is { Length: > 0 } name)
            {
                service = name;
            }
            else if (attribute.Key == "service.instance.id" && Text(attribute.Value) is { Length: > 0 } id)
            {
                instance = id;
            }
        }

        return (service, instance);
    }
}
