using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// The most recent spans, bounded in count (oldest dropped, the number dropped counted), indexed
/// by trace so that one trace of any size is read without scanning the rest.
/// </summary>
public sealed class TraceStore(int capacity = 100_000)
{
    private readonly Lock _gate = new();
    private readonly Queue<SpanRecord> _spans = new();
    private readonly Dictionary<string, Queue<SpanRecord>> _byTrace = new(StringComparer.Ordinal);

    /// <summary>How many spans were dropped to stay within the capacity, so the truncation can be shown.</summary>
    public long Dropped { get; private set; }

    public int Capacity => capacity;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _spans.Count;
            }
        }
    }

    public void Add(ExportTraceServiceRequest request)
    {
        var received = new List<SpanRecord>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var (service, instance) = OtlpValues.Origin(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                received.AddRange(scopeSpans.Spans.Select(span => ToRecord(service, instance, scopeSpans.Scope?.Name, span)));
            }
        }

        lock (_gate)
        {
            foreach (var span in received)
            {
                Append(span);
            }
        }
    }

    /// <summary>Spans newest first, optionally of one service and one trace.</summary>
    public IReadOnlyList<SpanRecord> Query(string? service = null, string? traceId = null, int limit = 1000)
    {
        lock (_gate)
        {
            IEnumerable<SpanRecord> spans = traceId is null ? _spans : _byTrace.GetValueOrDefault(traceId) ?? [];
            return spans.Reverse()
                .Where(s => service is null || s.Service == service)
                .Take(limit)
                .ToList();
        }
    }

    /// <summary>Every kept span of one trace, in start order.</summary>
    public IReadOnlyList<SpanRecord> GetTrace(string traceId)
    {
        lock (_gate)
        {
            return _byTrace.TryGetValue(traceId, out var spans) ? spans.OrderBy(s => s.Start).ToList() : [];
        }
    }

    /// <summary>One summary per kept trace, newest first.</summary>
    public IReadOnlyList<TraceSummary> Summaries()
    {
        List<SpanRecord[]> traces;
        lock (_gate)
        {
            traces = _byTrace.Values.Select(q => q.ToArray()).ToList();
        }

        return traces.Select(Summarize).OrderByDescending(t => t.Start).ToList();
    }

    private static TraceSummary Summarize(SpanRecord[] spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.Start) ?? spans[0];
        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        return new TraceSummary(
            root.TraceId,
            root.Name,
            root.Service,
            start,
            end - start,
            spans.Length,
            spans.Any(s => s.Status == "Error") ? "Error" : spans.Any(s => s.Status == "Ok") ? "Ok" : "Unset",
            spans.Select(s => s.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    private void Append(SpanRecord span)
    {
        if (_spans.Count == capacity)
        {
            var oldest = _spans.Dequeue();
            var ofTrace = _byTrace[oldest.TraceId];
            ofTrace.Dequeue();
            if (ofTrace.Count == 0)
            {
                _byTrace.Remove(oldest.TraceId);
            }

            Dropped++;
        }

        _spans.Enqueue(span);
        if (!_byTrace.TryGetValue(span.TraceId, out var trace))
        {
            trace = new Queue<SpanRecord>();
            _byTrace[span.TraceId] = trace;
        }

        trace.Enqueue(span);
    }

    // Names by enum value, so a span costs no string building for its kind or status.
    private static readonly string[] Kinds = ["Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"];
    public static readonly string[] Statuses = ["Unset", "Ok", "Error"];

    /// <summary>The status named <paramref name="name"/> in any case ("error" is Error), or null when there is none.</summary>
    public static string? StatusNamed(string name) => OtlpValues.Named(Statuses, name);

    private static SpanRecord ToRecord(string service, string? instance, string? scope, Span span)
    {
        var duration = TimeSpan.FromTicks((long)((span.EndTimeUnixNano - Math.Min(span.StartTimeUnixNano, span.EndTimeUnixNano)) / 100));
        var status = span.Status is null ? 0 : (int)span.Status.Code;
        return new SpanRecord(
            service,
            instance,
            Convert.ToHexStringLower(span.TraceId.Span),
            Convert.ToHexStringLower(span.SpanId.Span),
            OtlpValues.Id(span.ParentSpanId),
            TelemetryStrings.Intern(span.Name),
            Kinds[Math.Clamp((int)span.Kind, 0, Kinds.Length - 1)],
            OtlpValues.Time(span.StartTimeUnixNano),
            duration,
            Statuses[Math.Clamp(status, 0, Statuses.Length - 1)],
            OtlpValues.Attributes(span.Attributes))
        {
            StatusMessage = string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
            Scope = scope,
            Events = span.Events.Count == 0 ? [] : span.Events.Select(e => new SpanEvent(e.Name, OtlpValues.Time(e.TimeUnixNano), OtlpValues.Attributes(e.Attributes)) { DroppedAttributes = e.DroppedAttributesCount }).ToList(),
            DroppedAttributes = span.DroppedAttributesCount,
            DroppedEvents = span.DroppedEventsCount,
        };
    }
}
