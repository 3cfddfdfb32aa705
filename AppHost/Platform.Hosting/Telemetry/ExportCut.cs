using Google.Protobuf.Collections;
using Platform.Hosting.Infrastructure;
using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// Holds an export to the per-record <see cref="TelemetryLimits"/> before it is filed and
/// journaled, so that memory and disk hold the cut form: attributes, events and links past their
/// count are dropped (the first ones kept) and added to the OTLP dropped counts, as an SDK counts
/// its own; text past its length is cut, saying how much was cut.
/// </summary>
internal sealed class ExportCut(TelemetryLimits limits)
{
    /// <summary>Whether anything was cut (then the journal takes the cut export rather than the body received).</summary>
    public bool Any { get; private set; }

    public void Apply(ExportTraceServiceRequest request)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            Apply(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                Apply(scopeSpans.Scope);
                foreach (var span in scopeSpans.Spans)
                {
                    Apply(span);
                }
            }
        }
    }

    public void Apply(ExportLogsServiceRequest request)
    {
        foreach (var resourceLogs in request.ResourceLogs)
        {
            Apply(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                Apply(scopeLogs.Scope);
                foreach (var record in scopeLogs.LogRecords)
                {
                    record.DroppedAttributesCount = Add(record.DroppedAttributesCount, Attributes(record.Attributes));
                    Value(record.Body);
                    record.SeverityText = Text(record.SeverityText);
                    record.EventName = Text(record.EventName);
                }
            }
        }
    }

    public void Apply(ExportMetricsServiceRequest request)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            Apply(resourceMetrics.Resource);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                Apply(scopeMetrics.Scope);
                foreach (var metric in scopeMetrics.Metrics)
                {
                    metric.Name = Text(metric.Name);
                    metric.Description = Text(metric.Description);
                    metric.Unit = Text(metric.Unit);
                    foreach (var attributes in PointAttributes(metric))
                    {
                        Texts(attributes);
                    }
                }
            }
        }
    }

    private void Apply(Span span)
    {
        span.Name = Text(span.Name);
        span.DroppedAttributesCount = Add(span.DroppedAttributesCount, Attributes(span.Attributes));
        span.DroppedEventsCount = Add(span.DroppedEventsCount, Count(span.Events, limits.MaxSpanEventCount));
        foreach (var spanEvent in span.Events)
        {
            spanEvent.Name = Text(spanEvent.Name);
            spanEvent.DroppedAttributesCount = Add(spanEvent.DroppedAttributesCount, Attributes(spanEvent.Attributes));
        }

        span.DroppedLinksCount = Add(span.DroppedLinksCount, Count(span.Links, limits.MaxSpanLinkCount));
        foreach (var link in span.Links)
        {
            link.DroppedAttributesCount = Add(link.DroppedAttributesCount, Attributes(link.Attributes));
        }

        if (span.Status is { } status)
        {
            status.Message = Text(status.Message);
        }
    }

    private void Apply(Otlp.Resource? resource)
    {
        if (resource is not null)
        {
            resource.DroppedAttributesCount = Add(resource.DroppedAttributesCount, Attributes(resource.Attributes, IsOrigin));
        }
    }

    private void Apply(InstrumentationScope? scope)
    {
        if (scope is not null)
        {
            scope.Name = Text(scope.Name);
            scope.Version = Text(scope.Version);
        }
    }

    /// <summary>Keeps the first attributes (those <paramref name="first"/> picks before the others), cuts their names and values; returns how many were dropped.</summary>
    private int Attributes(RepeatedField<KeyValue> attributes, Func<KeyValue, bool>? first = null)
    {
        var dropped = 0;
        if (attributes.Count > limits.MaxAttributeCount)
        {
            var kept = (first is null ? (IEnumerable<KeyValue>)attributes : attributes.OrderBy(a => first(a) ? 0 : 1)).Take(limits.MaxAttributeCount).ToList();
            dropped = attributes.Count - kept.Count;
            attributes.Clear();
            attributes.AddRange(kept);
            Any = true;
        }

        Texts(attributes);
        return dropped;
    }

    private void Texts(RepeatedField<KeyValue> attributes)
    {
        foreach (var attribute in attributes)
        {
            attribute.Key = Text(attribute.Key);
            Value(attribute.Value);
        }
    }

    /// <summary>
    /// The attributes of a metric's points: they name a series, so their text is cut but none is
    /// dropped (two series left with the same set would have their cumulative values mixed).
    /// </summary>
    private static IEnumerable<RepeatedField<KeyValue>> PointAttributes(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => p.Attributes),
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => p.Attributes),
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p => p.Attributes),
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Select(p => p.Attributes),
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Select(p => p.Attributes),
        _ => [],
    };

    /// <summary>A value as long as its text allows: a string cut, an array, map or bytes too long as text replaced by its text cut.</summary>
    private void Value(AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                value.StringValue = Text(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue or AnyValue.ValueOneofCase.BytesValue:
                if (OtlpValues.Text(value) is { } text && text.Length > limits.MaxAttributeLength)
                {
                    value.StringValue = Text(text);
                }

                break;
        }
    }

    private string Text(string text)
    {
        if (text.Length <= limits.MaxAttributeLength)
        {
            return text;
        }

        Any = true;
        return LongText.Within(text, limits.MaxAttributeLength);
    }

    private int Count<T>(RepeatedField<T> items, int max)
    {
        var dropped = Math.Max(0, items.Count - max);
        for (var i = 0; i < dropped; i++)
        {
            items.RemoveAt(items.Count - 1);
        }

        Any |= dropped > 0;
        return dropped;
    }

    /// <summary>What files a record under its service: kept whatever else the resource holds.</summary>
    private static bool IsOrigin(KeyValue attribute) => attribute.Key is "service.name" or "service.instance.id";

    private static uint Add(uint count, int dropped) => (uint)Math.Min((long)count + dropped, uint.MaxValue);
}
