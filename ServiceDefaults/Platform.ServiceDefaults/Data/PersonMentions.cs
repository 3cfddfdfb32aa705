using System.Text.RegularExpressions;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// How an erased person was written down (their names and e-mail addresses), to take them out of
/// free text others wrote: each is replaced by a marker where it stands as a whole word, in any
/// case. A best effort: a first name alone, a nickname or a misspelling is not recognised, and a
/// name shorter than <see cref="ShortestName"/> characters is not looked for (it would take other
/// words with it).
/// </summary>
public sealed class PersonMentions
{
    public const int ShortestName = 4;

    private readonly Regex? _pattern;
    private readonly string _marker;

    private PersonMentions(Regex? pattern, string marker)
    {
        _pattern = pattern;
        _marker = marker;
    }

    /// <summary>Whether there is nothing to look for.</summary>
    public bool IsEmpty => _pattern is null;

    /// <summary>The <paramref name="names"/> and <paramref name="addresses"/>, each to be replaced by <paramref name="marker"/>.</summary>
    public static PersonMentions Of(IEnumerable<string> names, IEnumerable<string> addresses, string marker)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(marker);
        var longEnough = names.Select(n => n.Trim()).Where(n => n.Length >= ShortestName && n != marker);
        var given = addresses.Select(e => e.Trim()).Where(e => e.Length > 0);
        // Longest first, so a name inside a longer one (an address, a double surname) goes with it.
        var words = longEnough.Concat(given).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).ToList();
        var pattern = words.Count == 0
            ? null
            : new Regex(
                $@"(?<![\p{{L}}\p{{N}}_])(?:{string.Join('|', words.Select(Regex.Escape))})(?![\p{{L}}\p{{N}}_])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
                TimeSpan.FromSeconds(1));
        return new PersonMentions(pattern, marker);
    }

    /// <summary>
    /// <paramref name="text"/> without the person's names and addresses, at most
    /// <paramref name="maxLength"/> long (the marker can be longer than a name it replaces).
    /// </summary>
    public string Redact(string text, int? maxLength = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = _pattern?.Replace(text, _marker) ?? text;
        return maxLength is { } limit && redacted.Length > limit ? redacted[..limit] : redacted;
    }
}
