using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Community;

/// <summary>
/// Keyset pages newest first: rows are ordered by their version-7 id (its leading bits are the
/// creation time), and the page token holds the last id shown, so a page is an index range scan
/// however deep it is, and rows added meanwhile never shift a page.
/// </summary>
public static class Pages
{
    public static async Task<(List<T> Page, string NextPageToken)> NewestFirstAsync<T>(IQueryable<T> query, Expression<Func<T, Guid>> idOf, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOf);
        var size = pageSize == 0 ? Fields.DefaultPageSize : pageSize;
        if (Fields.AfterKey(pageToken)?.Id is { } after)
        {
            var last = new LastShown(after);
            var before = Expression.LessThan(idOf.Body, Expression.Property(Expression.Constant(last), nameof(LastShown.Id)));
            query = query.Where(Expression.Lambda<Func<T, bool>>(before, idOf.Parameters));
        }

        var rows = await query.OrderByDescending(idOf).Take(size + 1).ToListAsync(cancellationToken);
        var compiled = idOf.Compile();
        return rows.Count > size
            ? (rows[..size], Fields.PageToken(0, compiled(rows[size - 1])))
            : (rows, string.Empty);
    }

    /// <summary>Holds the id so EF sends it as a parameter, not a literal.</summary>
    private sealed record LastShown(Guid Id);
}
