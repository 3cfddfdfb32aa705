using Microsoft.EntityFrameworkCore;

namespace Platform.Reporting.Ingest;

/// <summary>
/// Reads a read-model row FOR UPDATE, so two events about the same thing apply one after the other
/// (events arrive on several queues at once, in any order). Within a batch a row is read once: a
/// later event finds it (or the one an earlier event added) in the change tracker, and the rows a
/// projection locked ahead for the whole batch need no read at all.
/// </summary>
public static class RowLocks
{
    // The one-key advisory lock space (the erasure locks use the two-key one), per table and key, in the order given.
    private const string CreationLocksSql = "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest({0}) AS k";

    /// <summary><paramref name="table"/> and <paramref name="keyColumn"/> are the model's own names (constants), never input; the key is the primary key.</summary>
    public static async Task<T?> LockedAsync<T>(this Projection projection, DbSet<T> set, string table, string keyColumn, Guid key, CancellationToken cancellationToken)
        where T : class
    {
        if (Tracked(set, [key]) is { } tracked)
        {
            return tracked;
        }

        if (projection.IsLockedAhead<T>(key))
        {
            return null;
        }

#pragma warning disable EF1003 // The names are constants of the model; the key is a parameter.
        var read = set.FromSqlRaw("SELECT * FROM " + table + " WHERE \"" + keyColumn + "\" = {0} FOR UPDATE", key);
#pragma warning restore EF1003
        if ((await read.ToListAsync(cancellationToken)).SingleOrDefault() is { } row)
        {
            return row;
        }

        // Not there yet, and a FOR UPDATE of no row locks nothing: events of one thing arrive on several
        // queues, so another transaction may be adding it now. Whoever adds it holds this lock until it
        // commits; the other waits here, then finds the row (a new statement sees the commit) instead of
        // failing its whole batch on the primary key.
        await projection.CreationLocksAsync(table, [key], cancellationToken);
        return (await read.ToListAsync(cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// The locks a transaction holds, until it commits, on rows of <paramref name="table"/> it may add with
    /// these keys, taken in key order in one statement: another transaction taking one of them waits for
    /// that commit, then finds the row instead of adding it again.
    /// </summary>
    public static async Task CreationLocksAsync<TKey>(this Projection projection, string table, IEnumerable<TKey> keys, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var locks = keys.Select(key => table + "/" + key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (locks.Length > 0)
        {
            await projection.Db.Database.ExecuteSqlRawAsync(CreationLocksSql, [locks], cancellationToken);
        }
    }

    /// <summary>
    /// Locks the rows of a whole batch in one read, in key order (so batches never wait on each other
    /// crosswise); afterwards <see cref="LockedAsync"/> answers for these keys without a read.
    /// </summary>
    public static async Task LockAheadAsync<T, TKey>(this Projection projection, DbSet<T> set, string table, string keyColumn, IEnumerable<TKey> keys, CancellationToken cancellationToken)
        where T : class
        where TKey : notnull
    {
        var ids = keys.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return;
        }

#pragma warning disable EF1003 // The names are constants of the model; the keys are a parameter.
        await set.FromSqlRaw("SELECT * FROM " + table + " WHERE \"" + keyColumn + "\" = ANY({0}) ORDER BY \"" + keyColumn + "\" FOR UPDATE", ids).LoadAsync(cancellationToken);
#pragma warning restore EF1003
        projection.LockedAhead<T, TKey>(ids);
    }

    /// <summary>The entity with this primary key that this batch already read or added, if any.</summary>
    public static T? Tracked<T>(DbSet<T> set, object[] key)
        where T : class =>
        set.Local.FindEntryUntyped(key) is { State: not EntityState.Deleted } entry ? entry.Entity : null;
}
