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

/// <summary>
/// One shared instance of each attribute name and span name seen, up to a bound of names and of
/// their length: unique values cannot grow it without end, and a long name (kept by its record
/// alone) cannot pin its characters for the life of the process.
/// </summary>
internal static class TelemetryStrings
{
    private const int MaxPooled = 20_000;
    private const int MaxPooledLength = 256;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Pool = new(StringComparer.Ordinal);
    private static int _pooled;

    /// <summary>The most characters the pool holds: its count times the longest name it pools.</summary>
    internal const long MaxPooledCharacters = (long)MaxPooled * MaxPooledLength;

    /// <summary>Characters the pool holds now (counted on each call: for tests).</summary>
    internal static long PooledCharacters => Pool.Keys.Sum(k => (long)k.Length);

    public static string Intern(string value)
    {
        if (value.Length > MaxPooledLength)
        {
            return value;
        }

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
