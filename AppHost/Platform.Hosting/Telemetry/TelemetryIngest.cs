using Google.Protobuf;
using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>The three OTLP signals, as the journal tags them.</summary>
public enum TelemetrySignal : byte
{
    Traces = 1,
    Logs = 2,
    Metrics = 3,
}

/// <summary>
/// Parses an OTLP export, holds it to the per-record limits (<see cref="ExportCut"/>), and files it
/// in its store (and the journal, so it survives a restart).
/// </summary>
public sealed class TelemetryIngest(TraceStore traces, LogStore logs, MetricStore metrics, TelemetryLimits? limits = null)
{
    private static readonly byte[] TracesResponse = new ExportTraceServiceResponse().ToByteArray();
    private static readonly byte[] LogsResponse = new ExportLogsServiceResponse().ToByteArray();
    private static readonly byte[] MetricsResponse = new ExportMetricsServiceResponse().ToByteArray();

    public TraceStore Traces { get; } = traces;

    public LogStore Logs { get; } = logs;

    public MetricStore Metrics { get; } = metrics;

    private readonly TelemetryLimits _limits = limits ?? new TelemetryLimits();

    private readonly Dictionary<(string Service, string Instance), DateTimeOffset> _metricsJournaledAt = [];
    private TimeSpan _metricsInterval;

    /// <summary>Journal records the replay could not file (damaged, or an export no longer accepted): each is skipped.</summary>
    public long SkippedJournalRecords { get; private set; }

    /// <summary>Exports kept in memory but not journaled because one alone is larger than its journal's bound.</summary>
    public long TooLargeToJournal => (Journal?.TooLarge ?? 0) + (MetricsJournal?.TooLarge ?? 0);

    /// <summary>Exports kept in memory whose journal record was lost because writing failed (the folder gone, the disk full).</summary>
    public long UnwrittenToJournal => (Journal?.Unwritten ?? 0) + (MetricsJournal?.Unwritten ?? 0);

    /// <summary>Where accepted spans and logs are also written; null keeps them in memory only.</summary>
    public TelemetryJournal? Journal { get; private set; }

    /// <summary>Where one metrics export per service instance and interval is written (cumulative values need no more).</summary>
    public TelemetryJournal? MetricsJournal { get; private set; }

    /// <summary>Replays what <paramref name="folder"/> holds into the stores, then journals what arrives from now on.</summary>
    public void Persist(string folder, TelemetryLimits limits)
    {
        _metricsInterval = limits.MetricsJournalInterval;
        Journal = Open(Path.Combine(folder, "spans-and-logs"), limits.MaxDiskBytes);
        MetricsJournal = Open(Path.Combine(folder, "metrics"), limits.MaxDiskBytes);
    }

    public void Close()
    {
        Journal?.Dispose();
        MetricsJournal?.Dispose();
        Journal = MetricsJournal = null;
    }

    private TelemetryJournal Open(string folder, long maxBytes)
    {
        var journal = new TelemetryJournal(folder, maxBytes);
        var damaged = journal.Replay((signal, body) =>
        {
            try
            {
                Apply(signal, body);
            }
            catch (Exception)
            {
                // Whatever a record does wrong (an export an older build accepted, a damaged record of a
                // segment written without checksums), it loses only itself: it must not keep the AppHost from starting.
                SkippedJournalRecords++;
            }
        });
        SkippedJournalRecords += damaged;
        return journal;
    }

    /// <summary>
    /// Files one export; throws <see cref="InvalidProtocolBufferException"/> for a body that is not
    /// one and <see cref="InvalidDataException"/> for one that cannot be filed. Returns the OTLP response body.
    /// </summary>
    public byte[] Accept(TelemetrySignal signal, byte[] body)
    {
        IReadOnlyCollection<(string Service, string Instance)> origins;
        byte[] filed;
        try
        {
            (origins, filed) = Apply(signal, body);
        }
        catch (Exception ex) when (ex is not (InvalidProtocolBufferException or InvalidDataException))
        {
            // The body parsed, so what failed is its content (values no exporter sends): the
            // exporter's mistake, told as such, rather than an unexplained 500.
            throw new InvalidDataException("the export cannot be filed: " + ex.Message, ex);
        }

        if (signal != TelemetrySignal.Metrics)
        {
            Journal?.Append(signal, filed);
        }
        else if (MetricsJournal is not null && DueForJournal(origins))
        {
            MetricsJournal.Append(signal, filed);
        }

        return signal switch
        {
            TelemetrySignal.Traces => TracesResponse,
            TelemetrySignal.Logs => LogsResponse,
            _ => MetricsResponse,
        };
    }

    /// <summary>
    /// Files one export without journaling it; returns the service instances a metrics export came
    /// from, and the export as filed: the body, or the export cut to the limits when it was.
    /// </summary>
    private (IReadOnlyCollection<(string Service, string Instance)> Origins, byte[] Filed) Apply(TelemetrySignal signal, byte[] body)
    {
        var cut = new ExportCut(_limits);
        switch (signal)
        {
            case TelemetrySignal.Traces:
                var spans = ExportTraceServiceRequest.Parser.ParseFrom(body);
                cut.Apply(spans);
                Traces.Add(spans);
                return ([], cut.Any ? spans.ToByteArray() : body);
            case TelemetrySignal.Logs:
                var logs = ExportLogsServiceRequest.Parser.ParseFrom(body);
                cut.Apply(logs);
                Logs.Add(logs);
                return ([], cut.Any ? logs.ToByteArray() : body);
            case TelemetrySignal.Metrics:
                var metrics = ExportMetricsServiceRequest.Parser.ParseFrom(body);
                cut.Apply(metrics);
                return (Metrics.Add(metrics), cut.Any ? metrics.ToByteArray() : body);
            default:
                throw new InvalidDataException($"Unknown signal {signal}.");
        }
    }

    /// <summary>Whether some instance of the export was last journaled an interval ago (each replica exports its own series).</summary>
    private bool DueForJournal(IReadOnlyCollection<(string Service, string Instance)> origins)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_metricsJournaledAt)
        {
            if (!origins.Any(o => !_metricsJournaledAt.TryGetValue(o, out var last) || now - last >= _metricsInterval))
            {
                return false;
            }

            foreach (var origin in origins)
            {
                _metricsJournaledAt[origin] = now;
            }

            return true;
        }
    }
}
