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
    IReadOnlyDictionary<string, string> Attributes)
{
    public string? StatusMessage { get; init; }

    /// <summary>The instrumentation that produced it (ActivitySource name).</summary>
    public string? Scope { get; init; }

    public IReadOnlyList<SpanEvent> Events { get; init; } = [];

    /// <summary>Attributes past <see cref="TelemetryLimits.MaxAttributeCount"/>, and those the exporter dropped itself.</summary>
    public long DroppedAttributes { get; init; }

    /// <summary>Events past <see cref="TelemetryLimits.MaxSpanEventCount"/>, and those the exporter dropped itself.</summary>
    public long DroppedEvents { get; init; }

    public DateTimeOffset End => Start + Duration;
}

/// <summary>Something that happened during a span (an exception, a message sent).</summary>
public sealed record SpanEvent(string Name, DateTimeOffset Time, IReadOnlyDictionary<string, string> Attributes)
{
    public long DroppedAttributes { get; init; }
}

/// <summary>
/// One trace in the list: its root, its extent, the services it crossed, and its status: Error when
/// a span failed, else Ok when a span was marked Ok, else Unset (as ASP.NET Core leaves a request that succeeded).
/// </summary>
public sealed record TraceSummary(
    string TraceId,
    string Name,
    string RootService,
    DateTimeOffset Start,
    TimeSpan Duration,
    int SpanCount,
    string Status,
    IReadOnlyList<string> Services)
{
    public bool HasError => Status == "Error";
}
