using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Hosting.Telemetry;

namespace Platform.Hosting.Dashboard;

/// <summary>What the structured logs, traces and metrics pages read, and the limits every page shows.</summary>
internal static class TelemetryEndpoints
{
    public static void Map(RouteGroupBuilder secured, TelemetryIngest telemetry, DistributedApplicationOptions options)
    {
        MapLimits(secured, telemetry, options);
        MapLogs(secured, telemetry);
        MapTraceList(secured, telemetry);
        MapTrace(secured, telemetry);
        MapMetrics(secured, telemetry);
    }

    private static void MapLimits(RouteGroupBuilder secured, TelemetryIngest telemetry, DistributedApplicationOptions options) =>
        secured.MapGet("/api/telemetry/limits", () => Results.Ok(new
        {
            spans = new { kept = telemetry.Traces.Count, capacity = telemetry.Traces.Capacity },
            logs = new { kept = telemetry.Logs.Count, capacity = telemetry.Logs.Capacity },
            // What one span or log record may hold: past these, the receiver cuts it (and says so in the record).
            records = new { maxAttributeCount = options.Telemetry.MaxAttributeCount, maxAttributeLength = options.Telemetry.MaxAttributeLength, maxSpanEventCount = options.Telemetry.MaxSpanEventCount, maxSpanLinkCount = options.Telemetry.MaxSpanLinkCount },
            metrics = new { maxSeries = telemetry.Metrics.MaxSeries, maxPointsPerSeries = options.Telemetry.MaxPointsPerSeries, maxAttributeSets = options.Telemetry.MaxMetricAttributeSets },
            // Both journals, spans and logs and metrics, each within the bound.
            disk = new { usedBytes = (telemetry.Journal?.SizeBytes ?? 0) + (telemetry.MetricsJournal?.SizeBytes ?? 0), maxBytes = 2 * options.Telemetry.MaxDiskBytes },
            dropped = new Dictionary<string, long>
            {
                ["spans"] = telemetry.Traces.Dropped,
                ["log records"] = telemetry.Logs.Dropped,
                ["metric points"] = telemetry.Metrics.Dropped,
            },
            // What the journal could not keep: shown, but not on disk (the first two), or not read back at start.
            journal = new { tooLarge = telemetry.TooLargeToJournal, notWritten = telemetry.UnwrittenToJournal, skippedAtStart = telemetry.SkippedJournalRecords },
        }));

    private static void MapLogs(RouteGroupBuilder secured, TelemetryIngest telemetry) =>
        secured.MapGet("/api/logs", (string? service, string? level, string? text, DateTimeOffset? from, DateTimeOffset? to, string? traceId, int? limit) =>
        {
            // In any case, as the levels read from the services' severity text are.
            var minimum = level is null ? null : LogStore.LevelNamed(level);
            if (level is not null && minimum is null)
            {
                return Results.Problem($"level must be one of {string.Join(", ", LogStore.Levels)}, not '{level}'.", statusCode: StatusCodes.Status400BadRequest);
            }

            var query = new LogQuery(Empty(service), minimum, Empty(text), from, to, Empty(traceId), Math.Clamp(limit ?? 500, 1, 5000));
            var entries = telemetry.Logs.Query(query, out var matched);
            return Results.Ok(new { dropped = telemetry.Logs.Dropped, matched, entries });
        });

    /// <summary>What the trace list sorts by, by the name its <c>sort</c> takes.</summary>
    private static readonly Dictionary<string, Func<TraceSummary, object>> TraceSorts = new(StringComparer.Ordinal)
    {
        ["start"] = t => t.Start,
        ["duration"] = t => t.Duration,
        ["spans"] = t => t.SpanCount,
        ["name"] = t => t.Name,
        ["status"] = t => Array.IndexOf(TraceStore.Statuses, t.Status), // Unset, Ok, Error: descending puts the failures first
    };

    private static void MapTraceList(RouteGroupBuilder secured, TelemetryIngest telemetry) =>
        secured.MapGet("/api/trace-list", (string? service, string? status, double? minMs, string? text, string? sort, bool? ascending, int? limit) =>
        {
            // A status or sort the list does not know would otherwise show the wrong traces, or the wrong order, without a word.
            // The status in any case, as the logs' level is.
            var wanted = Empty(status) is { } named ? TraceStore.StatusNamed(named) : null;
            if (Empty(status) is not null && wanted is null)
            {
                return Results.Problem($"status must be one of {string.Join(", ", TraceStore.Statuses)}, not '{status}'.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (minMs is { } min && !double.IsFinite(min))
            {
                return Results.Problem($"minMs is a number of milliseconds, not '{min}'.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (!TraceSorts.TryGetValue(Empty(sort) ?? "start", out var key))
            {
                return Results.Problem($"sort must be one of {string.Join(", ", TraceSorts.Keys)}, not '{sort}'.", statusCode: StatusCodes.Status400BadRequest);
            }

            var traces = telemetry.Traces.Summaries()
                .Where(t => Empty(service) is null || t.Services.Contains(service))
                .Where(t => wanted is null || t.Status == wanted)
                .Where(t => minMs is null || t.Duration.TotalMilliseconds >= minMs)
                .Where(t => Empty(text) is null || t.Name.Contains(text!, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var ordered = ascending == true ? traces.OrderBy(key) : traces.OrderByDescending(key);
            return Results.Ok(new { dropped = telemetry.Traces.Dropped, matched = traces.Count, traces = ordered.Take(Math.Clamp(limit ?? 200, 1, 5000)).ToList() });
        });

    private static void MapTrace(RouteGroupBuilder secured, TelemetryIngest telemetry)
    {
        secured.MapGet("/api/traces/{traceId}", (string traceId) =>
            telemetry.Traces.GetTrace(traceId) is { Count: > 0 } spans
                ? Results.Ok(new { traceId, spans })
                : UnknownTrace(traceId));

        // The waterfall's compact form: one array per span, times in microseconds from the trace's start.
        secured.MapGet("/api/traces/{traceId}/waterfall", (string traceId) =>
        {
            var spans = telemetry.Traces.GetTrace(traceId);
            if (spans.Count == 0)
            {
                return UnknownTrace(traceId);
            }

            var start = spans[0].Start;
            return Results.Ok(new
            {
                traceId,
                start,
                spans = spans.Select(s => new object?[] { s.SpanId, s.ParentSpanId, s.Service, s.Name, (s.Start - start).Ticks / 10, s.Duration.Ticks / 10, s.Status == "Error" }),
            });
        });

        secured.MapGet("/api/traces/{traceId}/spans/{spanId}", (string traceId, string spanId) =>
            telemetry.Traces.GetTrace(traceId).FirstOrDefault(s => s.SpanId == spanId) is { } span
                ? Results.Ok(span)
                : Results.Problem($"Trace '{traceId}' has no kept span '{spanId}'.", statusCode: StatusCodes.Status404NotFound));
    }

    private static void MapMetrics(RouteGroupBuilder secured, TelemetryIngest telemetry)
    {
        secured.MapGet("/api/metrics", (string? service) => Results.Ok(telemetry.Metrics.Instruments(Empty(service))));

        secured.MapGet("/api/metrics/{service}/{name}/attributes", (string service, string name) =>
            telemetry.Metrics.Attributes(service, name) is { } attributes
                ? Results.Ok(attributes)
                : UnknownMetric(service, name));

        secured.MapGet("/api/metrics/{service}/{name}", (string service, string name, int? window, string[]? attribute) =>
        {
            if (window is < 60 or > 43_200)
            {
                return Results.Problem("window is in seconds, from 60 (1 min) to 43200 (12 h).", statusCode: StatusCodes.Status400BadRequest);
            }

            if (MetricAttributeFilter.Parse(attribute, out var error) is not { } filter)
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            return telemetry.Metrics.Window(service, name, TimeSpan.FromSeconds(window ?? 300), DateTimeOffset.UtcNow, filter) is { } result
                ? Results.Ok(result)
                : filter.Pairs.Count == 0 ? UnknownMetric(service, name) : Results.Problem($"No series of '{name}' from '{service}' has {filter}.", statusCode: StatusCodes.Status404NotFound);
        });
    }

    private static IResult UnknownTrace(string traceId) =>
        Results.Problem($"No spans of trace '{traceId}' are kept (it is unknown or was dropped).", statusCode: StatusCodes.Status404NotFound);

    private static IResult UnknownMetric(string service, string name) =>
        Results.Problem($"'{service}' has sent no metric named '{name}'.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>A filter left empty (<c>?service=</c>, as a form sends it) filters nothing.</summary>
    internal static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
