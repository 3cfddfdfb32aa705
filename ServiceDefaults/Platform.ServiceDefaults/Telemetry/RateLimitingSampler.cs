using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps every trace while there are fewer than <c>tracesPerSecond</c> a second, and that many a
/// second (on average, with bursts of up to one second's worth) when there are more: a quiet
/// service keeps all its traces, a busy one a bounded number instead of a fixed share that grows
/// with its traffic (and with it the cost of exporting them). A generic cell rate algorithm: one
/// timestamp, moved ahead by one interval per kept trace, with no lock.
/// </summary>
public sealed class RateLimitingSampler : Sampler
{
    private readonly TimeProvider _time;
    private readonly long _interval;
    private readonly long _burst;
    private long _nextDue;

    public RateLimitingSampler(double tracesPerSecond, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tracesPerSecond);
        _time = timeProvider ?? TimeProvider.System;
        _interval = Math.Max(1, (long)(_time.TimestampFrequency / tracesPerSecond));
        _burst = Math.Max(_interval, _time.TimestampFrequency);
        _nextDue = _time.GetTimestamp() - _burst;
        Description = FormattableString.Invariant($"RateLimitingSampler{{{tracesPerSecond}/s}}");
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var now = _time.GetTimestamp();
        while (true)
        {
            // The next trace may be kept from `due` on; a quiet spell saves up at most one burst.
            var due = Volatile.Read(ref _nextDue);
            if (due >= now)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }

            if (Interlocked.CompareExchange(ref _nextDue, Math.Max(due, now - _burst) + _interval, due) == due)
            {
                return new SamplingResult(SamplingDecision.RecordAndSample);
            }
        }
    }
}
