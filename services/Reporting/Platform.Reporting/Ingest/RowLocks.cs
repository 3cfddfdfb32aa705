using Microsoft.EntityFrameworkCore;

namespace Platform.Reporting.Ingest;

/// <summary>
/// Reads a read-model row FOR UPDATE, so two events about the same thing apply one after the other
/// (events arrive on several queues at once, in any order).
/// </summary>
public static class RowLocks
{
    /// <summary><paramref name="table"/> and <paramref name="keyColumn"/> are the model's own names (constants), never input.</summary>
    public static async Task<T?> LockedAsync<T>(this DbSet<T> set, string table, string keyColumn, Guid key, CancellationToken cancellationToken)
        where T : class
    {
#pragma warning disable EF1003 // The names are constants of the model; the key is a parameter.
        var rows = await set.FromSqlRaw("SELECT * FROM " + table + " WHERE \"" + keyColumn + "\" = {0} FOR UPDATE", key).ToListAsync(cancellationToken);
#pragma warning restore EF1003
        return rows.SingleOrDefault();
    }
}
