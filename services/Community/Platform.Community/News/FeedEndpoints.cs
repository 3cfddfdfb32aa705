using Microsoft.Net.Http.Headers;

namespace Platform.Community.News;

/// <summary>The public Atom feed on the http endpoint: feed readers send no tokens.</summary>
public static class FeedEndpoints
{
    public const string Path = "/news/feed.atom";

    public static WebApplication MapNewsFeed(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Path, async (HttpContext http, FeedCache cache, AtomFeed feed, CancellationToken cancellationToken) =>
        {
            var (generation, bytes) = await cache.GetAsync();
            if (bytes is null)
            {
                var self = new Uri($"{http.Request.Scheme}://{http.Request.Host}{Path}");
                bytes = await feed.BuildAsync(self, cancellationToken);
                await cache.FillAsync(generation, bytes);
            }

            var etag = new EntityTagHeaderValue($"\"feed-{generation}\"");
            http.Response.Headers.CacheControl = "public, max-age=60";
            if (generation >= 0)
            {
                http.Response.Headers.ETag = etag.ToString();
                if (http.Request.GetTypedHeaders().IfNoneMatch.Any(e => e.Compare(etag, useStrongComparison: false)))
                {
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                }
            }

            return Results.Bytes(bytes, AtomFeed.ContentType);
        }).AllowAnonymous();
        return app;
    }
}
