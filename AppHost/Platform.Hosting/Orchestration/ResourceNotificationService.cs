namespace Platform.Hosting;

/// <summary>Holds the current snapshot of every resource and tells watchers when one changes.</summary>
public sealed class ResourceNotificationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Broadcast<ResourceSnapshot> _changes = new();

    public IReadOnlyList<ResourceSnapshot> GetAll()
    {
        lock (_gate)
        {
            return _order.Select(n => _snapshots[n]).ToList();
        }
    }

    public ResourceSnapshot Get(string name)
    {
        lock (_gate)
        {
            return _snapshots.TryGetValue(name, out var snapshot)
                ? snapshot
                : throw new KeyNotFoundException($"There is no resource named '{name}'.");
        }
    }

    public bool TryGet(string name, out ResourceSnapshot? snapshot)
    {
        lock (_gate)
        {
            return _snapshots.TryGetValue(name, out snapshot);
        }
    }

    internal void Publish(ResourceSnapshot initial)
    {
        lock (_gate)
        {
            if (!_snapshots.ContainsKey(initial.Name))
            {
                _order.Add(initial.Name);
            }

            _snapshots[initial.Name] = initial;
            Notify(initial);
        }
    }

    /// <summary>Applies a change to one resource's snapshot atomically and notifies watchers.</summary>
    internal ResourceSnapshot Update(string name, Func<ResourceSnapshot, ResourceSnapshot> change)
    {
        lock (_gate)
        {
            var current = _snapshots[name];
            var next = change(current);
            if (ReferenceEquals(next, current))
            {
                // Nothing changed (a transition that no longer applies): watchers are not told.
                return current;
            }

            _snapshots[name] = next;
            Notify(next);
            return next;
        }
    }

    /// <summary>Every change from now on, starting with the current snapshot of each resource.</summary>
    public IAsyncEnumerable<ResourceSnapshot> WatchAsync(CancellationToken cancellationToken = default) =>
        _changes.WatchAsync(() => _order.Select(n => _snapshots[n]).ToList(), _gate, cancellationToken);

    /// <summary>Completes when the resource's snapshot satisfies <paramref name="predicate"/>.</summary>
    public async Task<ResourceSnapshot> WaitForAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        await foreach (var snapshot in WatchAsync(cancellationToken))
        {
            if (snapshot.Name == name && predicate(snapshot))
            {
                return snapshot;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    private void Notify(ResourceSnapshot snapshot) => _changes.Publish(snapshot);
}
