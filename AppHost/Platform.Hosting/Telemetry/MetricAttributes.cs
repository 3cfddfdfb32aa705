using Google.Protobuf.Collections;
using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// The attribute sets of one instrument that get series of their own: the first <c>max</c> seen
/// (across the instrument's instances); the data points of any further set are merged into one
/// series marked <c>otel.metric.overflow=true</c> (the OpenTelemetry SDK's convention), so totals
/// stay whole while the number of series stays bounded.
/// </summary>
internal sealed class MetricAttributeSets(int max)
{
    public static readonly AttributeDictionary Overflow = new([KeyValuePair.Create("otel.metric.overflow", "true")]);

    private static readonly string OverflowKey = KeyOf(Overflow);

    private readonly HashSet<string> _kept = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withSeries = new(StringComparer.Ordinal);

    public int Max => max;

    /// <summary>Whether some attribute set was merged into the overflow series.</summary>
    public bool Truncated { get; private set; }

    /// <summary>The attribute sets that have a series, the overflow set included once it has one.</summary>
    public int SeriesSets => _withSeries.Count;

    /// <summary>The data points of one export by attribute set (sets beyond the bound under <see cref="Overflow"/>), with the set's key.</summary>
    public IEnumerable<(string Key, AttributeDictionary Attributes, List<T> Points)> Group<T>(IEnumerable<T> points, Func<T, RepeatedField<KeyValue>> attributesOf)
    {
        var groups = new Dictionary<string, (string Key, AttributeDictionary Attributes, List<T> Points)>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            var attributes = Sorted(OtlpValues.Attributes(attributesOf(point)));
            var key = KeyOf(attributes);
            if (!Admit(key))
            {
                (attributes, key) = (Overflow, OverflowKey);
            }

            if (!groups.TryGetValue(key, out var group))
            {
                group = (key, attributes, []);
                groups[key] = group;
            }

            group.Points.Add(point);
        }

        return groups.Values;
    }

    /// <summary>Notes that the set with this key now has a series (of some instance), for <see cref="SeriesSets"/>.</summary>
    public void SeriesAdded(string key) => _withSeries.Add(key);

    /// <summary>Whether the set has (or now gets) a series of its own; once the bound is reached, no new set does.</summary>
    private bool Admit(string key)
    {
        if (_kept.Contains(key) || (_kept.Count < max && _kept.Add(key)))
        {
            return true;
        }

        Truncated = true;
        return false;
    }

    /// <summary>One string per attribute set (names and values in name order), to key its series.</summary>
    public static string KeyOf(AttributeDictionary attributes) =>
        string.Join('\u0001', attributes.Select(a => a.Key + '\u0000' + a.Value));

    private static AttributeDictionary Sorted(AttributeDictionary attributes) =>
        attributes.Count < 2 ? attributes : new([.. attributes.OrderBy(a => a.Key, StringComparer.Ordinal)]);
}

/// <summary>Which series of an instrument a chart shows: those whose attributes hold every given name=value (none: all of them).</summary>
public sealed class MetricAttributeFilter
{
    public static readonly MetricAttributeFilter All = new([]);

    private MetricAttributeFilter(IReadOnlyList<KeyValuePair<string, string>> pairs) => Pairs = pairs;

    public IReadOnlyList<KeyValuePair<string, string>> Pairs { get; }

    /// <summary>Reads <c>name=value</c> pairs (a name once); null and the reason when one is malformed.</summary>
    public static MetricAttributeFilter? Parse(IEnumerable<string>? pairs, out string? error)
    {
        error = null;
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"attribute must be name=value, not '{pair}'.";
                return null;
            }

            if (!parsed.TryAdd(pair[..equals], pair[(equals + 1)..]))
            {
                error = $"attribute '{pair[..equals]}' is given twice; a series has one value per name.";
                return null;
            }
        }

        return new MetricAttributeFilter([.. parsed]);
    }

    public static MetricAttributeFilter Of(params KeyValuePair<string, string>[] pairs) => new(pairs);

    public bool Matches(IReadOnlyDictionary<string, string> attributes) =>
        Pairs.All(p => attributes.TryGetValue(p.Key, out var value) && value == p.Value);

    public override string ToString() => string.Join(", ", Pairs.Select(p => p.Key + "=" + p.Value));
}
