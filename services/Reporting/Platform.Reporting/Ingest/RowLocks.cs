using Microsoft.EntityFrameworkCore;

namespace Platform.Reporting.Ingest;

/// <summary>
/// Reads a read-model row FOR UPDATE, so two events about the same thing apply one after the other
/// (events arrive on several queues at once, in any order). Within a batch a row is read once: a
/// later event finds it (or the one an earlier event added) in the change tracker, and the rows a
/// projection locked ahead for the whole batch need no read at all.
/// </summary>
/// <remarks>
/// Lock order, so batches never wait on each other crosswise: a batch that locks a table ahead takes the
/// creation locks of all its keys of that table (one statement, key order), then their rows (one
/// statement, key order); a projection locks its tables in a fixed order (attendances, then the reach
/// ledger) after the erasure locks, and the counters come last. Every batch thus asks for these locks in
/// one global order, and a batch waits only for a lock later in it than all it holds, which rules out a
/// cycle. A creation lock of a locked-ahead table is taken nowhere else (<see cref="LockedAsync"/> answers
/// for those keys before its own), except in a rebuild, which runs alone. The per-event reads of the
/// other tables, and of ledger entries a no-show corrects, go in event order, as before.
/// </remarks>
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
    /// crosswise), after the creation locks of all its keys; afterwards <see cref="LockedAsync"/> answers
    /// for these keys without a read, and a key with no row is the batch's to add.
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

        // A FOR UPDATE of no row locks nothing, and another batch (another queue) may be adding one of these
        // rows now: it holds the row's creation lock until it commits, so this batch waits here, then its read
        // (a new statement) finds the row instead of adding it too and failing on the primary key.
        await projection.CreationLocksAsync(table, ids, cancellationToken);
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
