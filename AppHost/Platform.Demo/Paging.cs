namespace Platform.Demo;

/// <summary>
/// Every item of a paged list, page after page. The services list newest first, so once a platform
/// has grown by more than a page since the demo was seeded, what the demo made is on a later page:
/// a natural-key lookup that read only the first page would create it again.
/// </summary>
public static class Paging
{
    /// <summary>The largest page the services give.</summary>
    public const int PageSize = 500;

    /// <summary>Reads <paramref name="page"/> from the first page token (empty) until a page gives none.</summary>
    public static async Task<List<T>> AllAsync<T>(Func<string, Task<(IEnumerable<T> Items, string NextPageToken)>> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var all = new List<T>();
        var token = string.Empty;
        do
        {
            var (items, next) = await page(token);
            all.AddRange(items);
            token = next;
        }
        while (token.Length > 0);
        return all;
    }
}
