using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// A span's or record's attributes in one array (looked up by a short linear scan), with names
/// interned: the stores keep hundreds of thousands of these, and each object retained is work for
/// the garbage collector on every collection that promotes it.
/// </summary>
public sealed class AttributeDictionary(KeyValuePair<string, string>[] items) : IReadOnlyDictionary<string, string>
{
    public static readonly AttributeDictionary Empty = new([]);

    public int Count => items.Length;

    public IEnumerable<string> Keys => items.Select(i => i.Key);

    public IEnumerable<string> Values => items.Select(i => i.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var item in items)
        {
            if (item.Key == key)
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One shared instance of each attribute name and span name seen (up to a bound, so unique values cannot grow it without end).</summary>
internal static class TelemetryStrings
{
    private const int MaxPooled = 20_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static int _pooled;

    public static string Intern(string value)
    {
        if (Pool.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        if (Volatile.Read(ref _pooled) < MaxPooled && Pool.TryAdd(value, value))
        {
            Interlocked.Increment(ref _pooled);
        }

        return value;
    }
}
