using System.Globalization;
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

    private static readonly string OverflowKey = AttributeSetKey.Of(Overflow);

    // The admitted sets by key, each with its attributes, made once when the set is first seen.
    private readonly Dictionary<string, AttributeDictionary> _kept = new(StringComparer.Ordinal);

    // How many series (one per instance) each set has.
    private readonly Dictionary<string, int> _seriesPerSet = new(StringComparer.Ordinal);
    private char[] _scratch = new char[256];

    public int Max => max;

    /// <summary>Whether some attribute set is merged into the overflow series.</summary>
    public bool Truncated => _seriesPerSet.ContainsKey(OverflowKey);

    /// <summary>The attribute sets that have a series, the overflow set included once it has one.</summary>
    public int SeriesSets => _seriesPerSet.Count;

    /// <summary>The data points of one export by attribute set (sets beyond the bound under <see cref="Overflow"/>), with the set's key.</summary>
    public IEnumerable<(string Key, AttributeDictionary Attributes, List<T> Points)> Group<T>(IEnumerable<T> points, Func<T, RepeatedField<KeyValue>> attributesOf)
    {
        var groups = new Dictionary<string, (string Key, AttributeDictionary Attributes, List<T> Points)>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            var (key, attributes) = SetOf(attributesOf(point));
            if (!groups.TryGetValue(key, out var group))
            {
                group = (key, attributes, []);
                groups[key] = group;
            }

            group.Points.Add(point);
        }

        return groups.Values;
    }

    /// <summary>Notes that the set with this key has one more series (of some instance), for <see cref="SeriesSets"/>.</summary>
    public void SeriesAdded(string key) => _seriesPerSet[key] = _seriesPerSet.GetValueOrDefault(key) + 1;

    /// <summary>
    /// Notes that a series of the set with this key is gone; a set left without series is no longer
    /// admitted (it makes room under the bound). Returns whether the instrument has no series left.
    /// </summary>
    public bool SeriesRemoved(string key)
    {
        if (--_seriesPerSet[key] == 0)
        {
            _seriesPerSet.Remove(key);
            _kept.Remove(key);
        }

        return _seriesPerSet.Count == 0;
    }

    /// <summary>
    /// The set the attributes make, or the overflow set once the bound is reached. Every export
    /// repeats the same sets, so a known set is found by its key written into a scratch buffer,
    /// with nothing allocated; its key string and attributes are made once, when it is admitted.
    /// </summary>
    private (string Key, AttributeDictionary Attributes) SetOf(RepeatedField<KeyValue> attributes)
    {
        var length = AttributeSetKey.Write(attributes, ref _scratch);
        if (_kept.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(_scratch.AsSpan(0, length), out var key, out var set))
        {
            return (key, set);
        }

        if (_kept.Count >= max)
        {
            return (OverflowKey, Overflow);
        }

        var read = OtlpValues.Attributes(attributes);
        set = read.Count < 2 ? read : new([.. read.OrderBy(a => a.Key, StringComparer.Ordinal)]);
        key = new string(_scratch, 0, length);
        _kept.Add(key, set);
        return (key, set);
    }
}

/// <summary>
/// One string per attribute set, to key its series: names and values in name order (ordinal), a
/// name and its value joined by U+0000, the pairs by U+0001.
/// </summary>
internal static class AttributeSetKey
{
    private const char NameEnd = '\u0000';
    private const char PairEnd = '\u0001';

    /// <summary>The key of attributes already in name order.</summary>
    public static string Of(AttributeDictionary sorted) =>
        string.Join(PairEnd, sorted.Select(a => a.Key + NameEnd + a.Value));

    /// <summary>Writes the key of the attributes, in any order, into <paramref name="buffer"/> (grown when needed); returns its length.</summary>
    public static int Write(RepeatedField<KeyValue> attributes, ref char[] buffer)
    {
        Span<int> order = attributes.Count <= 64 ? stackalloc int[attributes.Count] : new int[attributes.Count];
        for (var i = 0; i < order.Length; i++)
        {
            // Insertion sort: a set has a handful of names, and equal names keep their order.
            var j = i;
            while (j > 0 && string.CompareOrdinal(attributes[order[j - 1]].Key, attributes[i].Key) > 0)
            {
                order[j] = order[j - 1];
                j--;
            }

            order[j] = i;
        }

        var length = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (i > 0)
            {
                Append(ref buffer, ref length, PairEnd);
            }

            var attribute = attributes[order[i]];
            Append(ref buffer, ref length, attribute.Key);
            Append(ref buffer, ref length, NameEnd);
            AppendValue(ref buffer, ref length, attribute.Value);
        }

        return length;
    }

    /// <summary>The value as <see cref="OtlpValues.Text"/> renders it, numbers formatted in place.</summary>
    private static void AppendValue(ref char[] buffer, ref int length, AnyValue? value)
    {
        int written;
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                Append(ref buffer, ref length, value.StringValue);
                return;
            case AnyValue.ValueOneofCase.IntValue:
                Reserve(ref buffer, length, 32);
                value.IntValue.TryFormat(buffer.AsSpan(length), out written, default, CultureInfo.InvariantCulture);
                length += written;
                return;
            case AnyValue.ValueOneofCase.DoubleValue:
                Reserve(ref buffer, length, 32);
                value.DoubleValue.TryFormat(buffer.AsSpan(length), out written, default, CultureInfo.InvariantCulture);
                length += written;
                return;
            default:
                Append(ref buffer, ref length, OtlpValues.Text(value));
                return;
        }
    }

    private static void Append(ref char[] buffer, ref int length, char value)
    {
        Reserve(ref buffer, length, 1);
        buffer[length++] = value;
    }

    private static void Append(ref char[] buffer, ref int length, string value)
    {
        Reserve(ref buffer, length, value.Length);
        value.CopyTo(buffer.AsSpan(length));
        length += value.Length;
    }

    private static void Reserve(ref char[] buffer, int length, int more)
    {
        if (length + more > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
        }
    }
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
