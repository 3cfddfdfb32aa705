using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>The outbox's and inbox's instruments (meter and activity source <c>Platform.Messaging</c>).</summary>
public sealed class MessagingMetrics
{
    public const string Name = "Platform.Messaging";

    internal static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _duplicates;
    private double _lagSeconds;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(Name);
        _published = meter.CreateCounter<long>("platform.outbox.published", "{event}", "Events the outbox relay published with a broker confirm.");
        _publishFailures = meter.CreateCounter<long>("platform.outbox.publish_failures", "{event}", "Publishes that failed or timed out; the event stays in the outbox.");
        _duplicates = meter.CreateCounter<long>("platform.inbox.duplicates", "{message}", "Deliveries the inbox recognised as already consumed and acknowledged without effect.");
        meter.CreateObservableGauge("platform.outbox.lag", () => Volatile.Read(ref _lagSeconds), "s", "Age of the oldest unsent event in the outbox.");
    }

    internal void Published(int count) => _published.Add(count);

    internal void PublishFailed(int count) => _publishFailures.Add(count);

    internal void Duplicate(string consumer) => _duplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));

    internal void Lag(TimeSpan lag) => Volatile.Write(ref _lagSeconds, lag.TotalSeconds);
}
