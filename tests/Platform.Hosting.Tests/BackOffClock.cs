using System.Threading.Channels;

namespace Platform.Hosting.Tests;

/// <summary>
/// The system clock, except that a crashed project's first back-off (exactly 1 s) lasts until the
/// test ends it: the moment between a crash and its relaunch, held as long as a test needs.
/// </summary>
internal sealed class BackOffClock : TimeProvider
{
    private static readonly TimeSpan FirstBackOff = TimeSpan.FromSeconds(1);
    private readonly Channel<HeldBackOff> _started = Channel.CreateUnbounded<HeldBackOff>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != FirstBackOff)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var backOff = new HeldBackOff(callback, state);
        _started.Writer.TryWrite(backOff);
        return backOff;
    }

    /// <summary>The next back-off the engine begins, once it has.</summary>
    public ValueTask<HeldBackOff> NextBackOffAsync(CancellationToken cancellationToken) => _started.Reader.ReadAsync(cancellationToken);

    internal sealed class HeldBackOff(TimerCallback callback, object? state) : ITimer
    {
        private int _over;

        /// <summary>
        /// Ends the back-off on the calling thread: the engine's relaunch runs inline up to its first
        /// wait (the new process being launched). Nothing happens when it was called off.
        /// </summary>
        public void End()
        {
            if (Interlocked.Exchange(ref _over, 1) == 0)
            {
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Volatile.Read(ref _over) == 0;

        public void Dispose() => Interlocked.Exchange(ref _over, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
