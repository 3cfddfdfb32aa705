namespace Platform.Experience.Registrations;

/// <summary>
/// A share of a seat pool's capacity in its own row, so registrations for one pool can take
/// seats from different rows at once instead of queueing on one counter (see <see cref="Seats"/>).
/// </summary>
public sealed class SeatBucket
{
    /// <summary>At most this many buckets per pool: as many as registrations in flight at once (the benchmark's 64 callers), few enough to sum quickly.</summary>
    public const int MaxPerPool = 64;

    private SeatBucket()
    {
    }

    /// <summary>The session, or the experience for a series registration.</summary>
    public Guid PoolId { get; private set; }

    public int Number { get; private set; }

    public int Capacity { get; private set; }

    public int Taken { get; private set; }

    /// <summary>The pool's capacity split as evenly as it goes over up to <see cref="MaxPerPool"/> buckets.</summary>
    public static IEnumerable<SeatBucket> Split(Guid poolId, int capacity)
    {
        var count = Math.Clamp(capacity, 1, MaxPerPool);
        return Enumerable.Range(0, count).Select(i => new SeatBucket
        {
            PoolId = poolId,
            Number = i + 1,
            Capacity = (capacity / count) + (i < capacity % count ? 1 : 0),
        });
    }
}

/// <summary>Seats taken per pool, as summed from its buckets.</summary>
public sealed class SeatCounts(IReadOnlyDictionary<Guid, int> taken)
{
    public static readonly SeatCounts None = new(new Dictionary<Guid, int>());

    public int Of(Guid poolId) => taken.GetValueOrDefault(poolId);
}
