namespace Platform.ServiceDefaults.Messaging;

/// <summary>Doubling waits from <c>first</c> up to <c>max</c>, reset after a success.</summary>
internal sealed class Backoff(TimeSpan first, TimeSpan max)
{
    private TimeSpan _current = TimeSpan.Zero;

    public bool Active => _current > TimeSpan.Zero;

    public TimeSpan Next()
    {
        _current = _current == TimeSpan.Zero ? first : TimeSpan.FromTicks(Math.Min(_current.Ticks * 2, max.Ticks));
        return _current;
    }

    public void Reset() => _current = TimeSpan.Zero;
}
