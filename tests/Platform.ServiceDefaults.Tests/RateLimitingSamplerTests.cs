using System.Diagnostics;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Tests;

/// <summary>The sampler outside Development: every trace while traffic is low, a bounded number a second when it is not.</summary>
public sealed class RateLimitingSamplerTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Every_trace_is_kept_while_there_are_fewer_than_the_limit_a_second()
    {
        var sampler = new RateLimitingSampler(100, _clock);

        var kept = Offer(sampler, perSecond: 80, seconds: 10);

        Assert.Equal(800, kept);
    }

    [Fact]
    public void Under_heavy_traffic_the_limit_a_second_is_kept_plus_at_most_one_burst()
    {
        var sampler = new RateLimitingSampler(100, _clock);

        var kept = Offer(sampler, perSecond: 5_000, seconds: 10);

        Assert.InRange(kept, 1_000, 1_100);
    }

    [Fact]
    public void A_quiet_spell_saves_up_no_more_than_one_seconds_worth()
    {
        var sampler = new RateLimitingSampler(100, _clock);
        _clock.Advance(TimeSpan.FromMinutes(10));

        var kept = Enumerable.Range(0, 1_000).Count(_ => Keeps(sampler));

        Assert.Equal(100, kept);
    }

    private int Offer(RateLimitingSampler sampler, int perSecond, int seconds)
    {
        var kept = 0;
        for (var i = 0; i < perSecond * seconds; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1.0 / perSecond));
            kept += Keeps(sampler) ? 1 : 0;
        }

        return kept;
    }

    private static bool Keeps(RateLimitingSampler sampler) =>
        sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "GetServiceInfo", ActivityKind.Server)).Decision == SamplingDecision.RecordAndSample;

    private sealed class ManualClock : TimeProvider
    {
        private long _now = 1_000_000_000;

        public override long TimestampFrequency => 10_000_000;

        public override long GetTimestamp() => _now;

        public void Advance(TimeSpan by) => _now += by.Ticks;
    }
}
