namespace Platform.Hosting.Dashboard.Messaging;

/// <summary>
/// One look into a queue at a time, per broker and queue. A re-drive holds the messages before its
/// own unacknowledged while it looks, and a peek takes the messages it shows and puts them back:
/// either one beside another would not find the messages the other holds. A queue is in the table
/// only while its turn is taken or waited for (any name a signed-in operator types is looked up).
/// </summary>
internal static class QueueTurns
{
    private static readonly Dictionary<string, Line> Lines = new(StringComparer.Ordinal);

    /// <summary>The queues ("broker/queue") whose turn is taken or waited for now.</summary>
    internal static IReadOnlyCollection<string> Held
    {
        get
        {
            lock (Lines)
            {
                return [.. Lines.Keys];
            }
        }
    }

    /// <summary>Waits for the queue's turn; disposing the answer ends it.</summary>
    public static async Task<QueueTurn> TakeAsync(RabbitMQServerResource broker, string queue, CancellationToken cancellationToken)
    {
        var key = $"{broker.Name}/{queue}";
        Line line;
        lock (Lines)
        {
            if (!Lines.TryGetValue(key, out line!))
            {
                Lines[key] = line = new Line();
            }

            line.Users++;
        }

        try
        {
            await line.Turn.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key, line);
            throw;
        }

        return new QueueTurn(() =>
        {
            line.Turn.Release();
            Leave(key, line);
        });
    }

    private static void Leave(string key, Line line)
    {
        lock (Lines)
        {
            if (--line.Users == 0)
            {
                Lines.Remove(key);
            }
        }
    }

    /// <summary>A queue's turn and how many hold or wait for it.</summary>
    private sealed class Line
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public int Users { get; set; }
    }
}

/// <summary>A queue's turn, taken; disposing it (once or more) lets the next one look.</summary>
internal sealed class QueueTurn(Action end) : IDisposable
{
    private Action? _end = end;

    public void Dispose() => Interlocked.Exchange(ref _end, null)?.Invoke();
}
