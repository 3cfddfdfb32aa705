using System.Text.RegularExpressions;
using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>One structured log record, with the trace it was written in.</summary>
public sealed record LogEntry(
    string Service,
    string? InstanceId,
    DateTimeOffset Timestamp,
    string Level,
    string? Category,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    string? TraceId,
    string? SpanId)
{
    /// <summary>Attributes past <see cref="TelemetryLimits.MaxAttributeCount"/>, and those the exporter dropped itself.</summary>
    public long DroppedAttributes { get; init; }
}

/// <summary>What the structured logs view asks for; every part optional. From is where the range starts, To where it stops (not included).</summary>
public sealed record LogQuery(string? Service = null, string? MinimumLevel = null, string? Text = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? TraceId = null, int Limit = 500);

/// <summary>The most recent structured log records, bounded in count (oldest dropped, the number dropped counted).</summary>
public sealed partial class LogStore(int capacity = 100_000)
{
    public static readonly string[] Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    /// <summary>The level named <paramref name="name"/> in any case ("warning" is Warning), or null when there is none.</summary>
    public static string? LevelNamed(string name) => OtlpValues.Named(Levels, name);
    private readonly Lock _gate = new();
    private readonly Queue<LogEntry> _entries = new();

    public long Dropped { get; private set; }

    public int Capacity => capacity;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public void Add(ExportLogsServiceRequest request)
    {
        var received = new List<LogEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var (service, instance) = OtlpValues.Origin(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                received.AddRange(scopeLogs.LogRecords.Select(r => ToEntry(service, instance, scopeLogs.Scope?.Name, r)));
            }
        }

        lock (_gate)
        {
            foreach (var entry in received)
            {
                if (_entries.Count == capacity)
                {
                    _entries.Dequeue();
                    Dropped++;
                }

                _entries.Enqueue(entry);
            }
        }
    }

    /// <summary>
    /// Matching records, newest first by their time: each service exports its records in batches,
    /// so the order they arrived in mixes services' seconds (of records of one time, the last arrived first).
    /// </summary>
    public IReadOnlyList<LogEntry> Query(LogQuery query) => Query(query, out _);

    /// <summary>As <see cref="Query(LogQuery)"/>, with how many records matched (more than its limit returns, when the limit cut them).</summary>
    public IReadOnlyList<LogEntry> Query(LogQuery query, out int matched)
    {
        var minimum = query.MinimumLevel is null ? 0 : Math.Max(0, Array.IndexOf(Levels, query.MinimumLevel));
        List<LogEntry> matching;
        lock (_gate)
        {
            matching = [.. _entries.Reverse().Where(e => Matches(e, query, minimum))];
        }

        // Sorted outside the lock, so receiving goes on meanwhile.
        matched = matching.Count;
        return [.. matching.OrderByDescending(e => e.Timestamp).Take(query.Limit)];
    }

    private static bool Matches(LogEntry entry, LogQuery query, int minimum) =>
        (query.Service is null || entry.Service == query.Service)
        && Array.IndexOf(Levels, entry.Level) >= minimum
        && (query.From is null || entry.Timestamp >= query.From)
        && (query.To is null || entry.Timestamp < query.To)
        && (query.TraceId is null || entry.TraceId == query.TraceId)
        && (query.Text is null || Mentions(entry, query.Text));

    private static bool Mentions(LogEntry entry, string text) =>
        entry.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
        || (entry.Category?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || entry.Attributes.Values.Any(v => v.Contains(text, StringComparison.OrdinalIgnoreCase));

    private static LogEntry ToEntry(string service, string? instance, string? scope, LogRecord record)
    {
        var attributes = OtlpValues.Attributes(record.Attributes);
        var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        return new LogEntry(
            service,
            instance,
            OtlpValues.Time(time),
            Level(record.SeverityNumber, record.SeverityText),
            scope,
            Format(OtlpValues.Text(record.Body), attributes),
            attributes,
            OtlpValues.Id(record.TraceId),
            OtlpValues.Id(record.SpanId))
        {
            DroppedAttributes = record.DroppedAttributesCount,
        };
    }

    /// <summary>OTLP severity numbers come in fours: trace, debug, info, warn, error, fatal.</summary>
    private static string Level(int severity, string text) => severity switch
    {
        >= 1 and <= 24 => Levels[(severity - 1) / 4],
        _ => LevelNamed(text) ?? "Information",
    };

    /// <summary>The .NET exporter sends the message template as the body and its values as attributes.</summary>
    private static string Format(string body, AttributeDictionary attributes) =>
        attributes.Count == 0 || !body.Contains('{', StringComparison.Ordinal)
            ? body
            : Placeholder().Replace(body, m => attributes.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\{@?([A-Za-z0-9_.]+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
