using System.Globalization;
using System.Text;
using Platform.Experience.Experiences;

namespace Platform.Experience.Calendars;

/// <summary>
/// An iCalendar (RFC 5545) file of an experience's sessions: one VEVENT per session, times in UTC,
/// text escaped and lines folded at 75 octets, so Outlook, Google Calendar and Apple Calendar
/// import it. A session's time and place never change; the one revision its entry gets is the
/// experience's cancellation, which calendar programs take as an update of the entry they have
/// (same UID, higher SEQUENCE).
/// </summary>
public static class ICalendar
{
    private const int LineOctets = 75;

    public static string Of(Experiences.Experience experience, IEnumerable<Session> sessions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(experience);
        ArgumentNullException.ThrowIfNull(sessions);
        var text = new StringBuilder();
        Line(text, "BEGIN:VCALENDAR");
        Line(text, "VERSION:2.0");
        Line(text, "PRODID:-//Climate-work network platform//Experience service//EN");
        Line(text, "CALSCALE:GREGORIAN");
        Line(text, "METHOD:PUBLISH");
        Line(text, "X-WR-CALNAME:" + Escape(experience.Title));
        foreach (var session in sessions.OrderBy(s => s.Sequence))
        {
            var place = experience.IsOnline || string.IsNullOrEmpty(session.Location) ? session.OnlineUrl : session.Location;
            var cancelled = experience.Status == ExperienceStatus.Cancelled;
            Line(text, "BEGIN:VEVENT");
            Line(text, $"UID:{session.Id:D}@experience.platform");
            Line(text, "SEQUENCE:" + (cancelled ? "1" : "0"));
            Line(text, "DTSTAMP:" + Utc(now));
            Line(text, "DTSTART:" + Utc(session.StartsAt));
            Line(text, "DTEND:" + Utc(session.EndsAt));
            Line(text, "SUMMARY:" + Escape(string.IsNullOrEmpty(session.Title) ? $"{experience.Title} ({session.Sequence})" : $"{experience.Title}: {session.Title}"));
            if (!string.IsNullOrEmpty(place))
            {
                Line(text, "LOCATION:" + Escape(place));
            }

            if (!string.IsNullOrEmpty(session.OnlineUrl) && Uri.TryCreate(session.OnlineUrl, UriKind.Absolute, out var link))
            {
                // A URI value is not escaped as text: written as the link was given, a line break in it
                // would start a property of the caller's making. Its escaped form has none.
                Line(text, "URL:" + link.AbsoluteUri);
            }

            Line(text, "DESCRIPTION:" + Escape($"{experience.FormatName}, session {session.Sequence}. Times in {session.TimeZone}."));
            Line(text, "STATUS:" + (cancelled ? "CANCELLED" : "CONFIRMED"));
            Line(text, "END:VEVENT");
        }

        Line(text, "END:VCALENDAR");
        return text.ToString();
    }

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT values escape backslash, semicolon, comma and line breaks (CRLF, LF, or a CR alone).</summary>
    private static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Writes a content line, folded into 75-octet pieces (continuations start with a space), ended by CRLF.</summary>
    private static void Line(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = LineOctets;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = LineOctets - 1;
            }

            text.Append(rune.ToString());
            octets += size;
        }

        text.Append("\r\n");
    }
}
