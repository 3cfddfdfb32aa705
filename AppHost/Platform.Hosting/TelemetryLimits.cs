namespace Platform.Hosting;

/// <summary>How much telemetry the dashboard keeps in memory and on disk; the oldest goes first and the loss is shown.</summary>
public sealed class TelemetryLimits
{
    public int MaxSpans { get; set; } = 100_000;

    public int MaxLogRecords { get; set; } = 100_000;

    /// <summary>Series are one instrument of one process instance.</summary>
    public int MaxMetricSeries { get; set; } = 10_000;

    /// <summary>Attribute sets of one instrument kept as series of their own; further sets are merged into one (<c>otel.metric.overflow=true</c>).</summary>
    public int MaxMetricAttributeSets { get; set; } = 200;

    /// <summary>Beyond this a series thins out its older half (every other point goes).</summary>
    public int MaxPointsPerSeries { get; set; } = 2_000;

    /// <summary>Bound of the spans-and-logs journal and, separately, of the metrics journal in <c>.platform/telemetry/</c>.</summary>
    public long MaxDiskBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Metrics are cumulative, so one export per service this often is enough to rebuild the charts after a restart.</summary>
    public TimeSpan MetricsJournalInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep telemetry across AppHost restarts (the tests' ephemeral runs keep it too, in their temporary folder).</summary>
    public bool Persist { get; set; } = true;

    /// <summary>Attributes kept of a span, span event, link, log record or resource; further ones are dropped and counted (the OpenTelemetry SDK's default).</summary>
    public int MaxAttributeCount { get; set; } = 128;

    /// <summary>Characters kept of an attribute value, a log body, a name or a status message, a note of how many were cut among them (the console's line length).</summary>
    public int MaxAttributeLength { get; set; } = 16_384;

    /// <summary>Events kept of a span (the first ones); further ones are dropped and counted.</summary>
    public int MaxSpanEventCount { get; set; } = 128;

    /// <summary>Links kept of a span in the journal (the dashboard does not show them); further ones are dropped and counted.</summary>
    public int MaxSpanLinkCount { get; set; } = 128;

    /// <summary>Throws, naming the setting, when a bound would keep nothing (or could not work at all).</summary>
    public void Validate()
    {
        foreach (var (name, value) in new (string, long)[]
        {
            (nameof(MaxSpans), MaxSpans),
            (nameof(MaxLogRecords), MaxLogRecords),
            (nameof(MaxMetricSeries), MaxMetricSeries),
            (nameof(MaxMetricAttributeSets), MaxMetricAttributeSets),
            (nameof(MaxPointsPerSeries), MaxPointsPerSeries),
            (nameof(MaxDiskBytes), MaxDiskBytes),
            (nameof(MaxAttributeCount), MaxAttributeCount),
            (nameof(MaxAttributeLength), MaxAttributeLength),
            (nameof(MaxSpanEventCount), MaxSpanEventCount),
            (nameof(MaxSpanLinkCount), MaxSpanLinkCount),
        })
        {
            if (value < 1)
            {
                throw new ArgumentException($"TelemetryLimits.{name} must be 1 or more, not {value}.");
            }
        }
    }
}
