namespace Platform.Hosting;

/// <summary>
/// One line a resource's process wrote to its console; <paramref name="Sequence"/> numbers the lines of
/// every resource in the order they were written, from 1 at the AppHost's start.
/// </summary>
public sealed record LogLine(string Resource, DateTimeOffset Timestamp, string Text, bool IsError, long Sequence);

/// <summary>Bounded console logs of every resource, kept in memory for the resource API and the dashboard.</summary>
public sealed class ResourceLogs(int linesPerResource = 5000)
{
    /// <summary>
    /// The longest line kept; a longer one is cut, saying how much was cut. Without it, a process that
    /// prints large lines (a payload, a batch of SQL parameters) would have 5,000 of them kept.
    /// </summary>
    internal const int MaxLineLength = 16_384;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<LogLine>> _lines = new(StringComparer.Ordinal);
    private readonly Broadcast<LogLine> _written = new();
    private long _sequence;

    /// <summary>Tells this AppHost's lines from another run's, whose sequences start at 1 again.</summary>
    internal string Run { get; } = Guid.NewGuid().ToString("N")[..8];

    public void Write(string resource, string text, bool isError = false)
    {
        if (text.Length > MaxLineLength)
        {
            text = Infrastructure.LongText.Cut(text, MaxLineLength);
        }

        lock (_gate)
        {
            var line = new LogLine(resource, DateTimeOffset.UtcNow, text, isError, ++_sequence);
            if (!_lines.TryGetValue(resource, out var queue))
            {
                queue = new Queue<LogLine>();
                _lines[resource] = queue;
            }

            if (queue.Count == linesPerResource)
            {
                queue.Dequeue();
            }

            queue.Enqueue(line);
            _written.Publish(line);
        }
    }

    /// <summary>The most recent lines of one resource, oldest first.</summary>
    public IReadOnlyList<LogLine> Tail(string resource, int count = int.MaxValue)
    {
        lock (_gate)
        {
            return _lines.TryGetValue(resource, out var queue)
                ? queue.Skip(Math.Max(0, queue.Count - count)).ToList()
                : [];
        }
    }

    /// <summary>The most recent lines of every resource together, oldest first.</summary>
    public IReadOnlyList<LogLine> TailAll(int count = int.MaxValue)
    {
        lock (_gate)
        {
            return _lines.Values.SelectMany(q => q.Skip(Math.Max(0, q.Count - count)))
                .OrderBy(l => l.Sequence).TakeLast(count).ToList();
        }
    }

    /// <summary>
    /// The last lines (of one resource, or all when null), then every line as it is written. With
    /// <paramref name="after"/>, a follower that had the lines up to that sequence goes on from there:
    /// the kept lines after it (the last <paramref name="tail"/> of them) instead of the tail again.
    /// </summary>
    public IAsyncEnumerable<LogLine> FollowAsync(string? resource, int tail, long? after, CancellationToken cancellationToken) =>
        _written.WatchAsync(
            () => (resource is null ? TailAll() : Tail(resource)).Where(l => l.Sequence > (after ?? 0)).TakeLast(tail),
            _gate,
            cancellationToken);

    /// <summary>Lines as they are written, from every resource.</summary>
    public IAsyncEnumerable<LogLine> WatchAsync(CancellationToken cancellationToken = default) =>
        _written.WatchAsync(() => [], _gate, cancellationToken);
}
