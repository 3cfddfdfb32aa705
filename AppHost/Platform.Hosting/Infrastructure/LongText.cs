using System.Globalization;

namespace Platform.Hosting.Infrastructure;

/// <summary>Text cut to a length, saying how much was cut: the console's long lines, telemetry's long values.</summary>
internal static class LongText
{
    /// <summary>The first <paramref name="keep"/> characters and a note of how many more there were.</summary>
    public static string Cut(string text, int keep) => text[..keep] + Note(text.Length - keep);

    /// <summary>
    /// The text in at most <paramref name="max"/> characters, the note of what was cut among them, so
    /// that cutting the result again leaves it as it is (a journal replayed is cut again).
    /// </summary>
    public static string Within(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        // The note's length depends on the count it gives, which depends on what is kept: it settles in a step or two.
        var keep = max;
        for (var next = max - Note(text.Length - keep).Length; next != keep; next = max - Note(text.Length - keep).Length)
        {
            keep = next;
        }

        if (keep <= 0)
        {
            // A limit shorter than the note: the text alone.
            return text[..max];
        }

        // Not half a character (a surrogate pair is one).
        keep -= char.IsHighSurrogate(text[keep - 1]) ? 1 : 0;
        return Cut(text, keep);
    }

    private static string Note(int cut) => string.Create(CultureInfo.InvariantCulture, $" … ({cut:N0} more characters)");
}
