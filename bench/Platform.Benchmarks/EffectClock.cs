using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;

namespace Platform.Benchmarks;

/// <summary>When each message's consumer finished (its effect committed), keyed by the change it carries.</summary>
internal sealed class EffectClock : IConsumeObserver
{
    private ConcurrentDictionary<Guid, long> _finished = new();
    private TaskCompletionSource<IReadOnlyDictionary<Guid, long>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = int.MaxValue;

    /// <summary>Starts counting afresh; completes with the finish times once <paramref name="count"/> effects happened.</summary>
    public Task<IReadOnlyDictionary<Guid, long>> Expect(int count)
    {
        _finished = new ConcurrentDictionary<Guid, long>();
        _done = new TaskCompletionSource<IReadOnlyDictionary<Guid, long>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _expected, count);
        return _done.Task;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        var changeId = context.Message switch
        {
            Platform.Messaging.Probe.ProbeChanged probe => probe.ChangeId,
            IBenchChanged baseline => baseline.ChangeId,
            _ => Guid.Empty,
        };
        var finished = _finished;
        if (changeId != Guid.Empty && finished.TryAdd(changeId, Stopwatch.GetTimestamp()) && finished.Count >= Volatile.Read(ref _expected))
        {
            _done.TrySetResult(finished);
        }

        return Task.CompletedTask;
    }

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
