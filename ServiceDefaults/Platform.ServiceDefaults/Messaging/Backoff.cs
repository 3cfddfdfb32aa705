namespace Platform.ServiceDefaults.Messaging;

/// <summary>Doubling waits from <c>first</c> up to <c>max</c>, reset after a success.</summary>
internal sealed class Backoff(TimeSpan first, TimeSpan max)
{
    private int _failures;

    public bool Active => _failures > 0;

    /// <summary>The wait after one more failure.</summary>
    public TimeSpan Next() => After(++_failures);

    /// <summary>The wait after <paramref name="failures"/> failures in a row.</summary>
    public TimeSpan After(int failures)
    {
        var wait = first;
        for (var i = 1; i < failures && wait < max; i++)
        {
            wait *= 2;
        }

        return wait < max ? wait : max;
    }

    public void Reset() => _failures = 0;
}
