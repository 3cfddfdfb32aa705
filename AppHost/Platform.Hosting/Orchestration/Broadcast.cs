using System.Threading.Channels;

namespace Platform.Hosting;

/// <summary>Fans items out to every current watcher; each watcher has its own bounded queue.</summary>
internal sealed class Broadcast<T>(int capacityPerWatcher = 10_000)
{
    private readonly List<Channel<T>> _watchers = [];

    /// <summary>Sends to every watcher; the caller holds whatever lock orders its items.</summary>
    public void Publish(T item)
    {
        lock (_watchers)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(item);
            }
        }
    }

    /// <summary>
    /// Items published from now on, after <paramref name="initial"/>; registration and the
    /// initial items happen under the caller's lock, so nothing is missed or seen twice.
    /// </summary>
    public async IAsyncEnumerable<T> WatchAsync(Func<IEnumerable<T>> initial, Lock callerLock, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacityPerWatcher) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (callerLock)
        {
            foreach (var item in initial())
            {
                channel.Writer.TryWrite(item);
            }

            lock (_watchers)
            {
                _watchers.Add(channel);
            }
        }

        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            lock (_watchers)
            {
                _watchers.Remove(channel);
            }
        }
    }
}
