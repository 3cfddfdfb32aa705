using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>One received span, flattened with its resource's service name and instance.</summary>
public sealed record SpanRecord(
    string Service,
    string? InstanceId,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    DateTimeOffset Start,
    TimeSpan Duration,
    string Status,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>The most recent spans, bounded in count (oldest dropped, the number dropped counted).</summary>
public sealed class TraceStore(int capacity = 100_000)
{
    private readonly Lock _gate = new();
    private readonly Queue<SpanRecord> _spans = new();

    /// <summary>How many spans were dropped to stay within the capacity, so the truncation can be shown.</summary>
    public long Dropped { get; private set; }

    public void Add(ExportTraceServiceRequest request)
    {
        lock (_gate)
        {
            foreach (var resourceSpans in request.ResourceSpans)
            {
                var resource = Attributes(resourceSpans.Resource?.Attributes);
                var service = resource.GetValueOrDefault("service.name", "unknown");
                var instance = resource.GetValueOrDefault("service.instance.id");
                foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
                {
                    if (_spans.Count == capacity)
                    {
                        _spans.Dequeue();
                        Dropped++;
                    }

                    _spans.Enqueue(ToRecord(service, instance, span));
                }
            }
        }
    }

    /// <summary>Spans newest first, optionally of one service and one trace.</summary>
    public IReadOnlyList<SpanRecord> Query(string? service = null, string? traceId = null, int limit = 1000)
    {
        lock (_gate)
        {
            return _spans.Reverse()
                .Where(s => service is null || s.Service == service)
                .Where(s => traceId is null || s.TraceId == traceId)
                .Take(limit)
                .ToList();
        }
    }

    private static SpanRecord ToRecord(string service, string? instance, Span span)
    {
        var start = DateTimeOffset.UnixEpoch.AddTicks((long)(span.StartTimeUnixNano / 100));
        var duration = TimeSpan.FromTicks((long)((span.EndTimeUnixNano - Math.Min(span.StartTimeUnixNano, span.EndTimeUnixNano)) / 100));
        return new SpanRecord(
            service,
            instance,
            Convert.ToHexStringLower(span.TraceId.Span),
            Convert.ToHexStringLower(span.SpanId.Span),
            span.ParentSpanId.IsEmpty ? null : Convert.ToHexStringLower(span.ParentSpanId.Span),
            span.Name,
            span.Kind.ToString().Replace("SpanKind", string.Empty, StringComparison.Ordinal),
            start,
            duration,
            span.Status?.Code.ToString().Replace("StatusCode", string.Empty, StringComparison.Ordinal) ?? "Unset",
            Attributes(span.Attributes));
    }

    private static Dictionary<string, string> Attributes(IEnumerable<KeyValue>? attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes ?? [])
        {
            result[attribute.Key] = attribute.Value?.ValueCase switch
            {
                AnyValue.ValueOneofCase.StringValue => attribute.Value.StringValue,
                AnyValue.ValueOneofCase.BoolValue => attribute.Value.BoolValue ? "true" : "false",
                AnyValue.ValueOneofCase.IntValue => attribute.Value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                AnyValue.ValueOneofCase.DoubleValue => attribute.Value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                AnyValue.ValueOneofCase.BytesValue => Convert.ToHexStringLower(attribute.Value.BytesValue.Span),
                _ => string.Empty,
            };
        }

        return result;
    }
}
