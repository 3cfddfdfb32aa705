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
            var cached = await cache.GetAsync();
            var generation = cached?.Generation ?? -1;
            if (cached?.Feed is null)
            {
                cached = await cache.FillAsync(generation, await feed.BuildAsync(cancellationToken));
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

            http.Response.Headers.Vary = "Accept-Encoding";
            if (http.Request.Headers.AcceptEncoding.Any(e => e?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true))
            {
                http.Response.Headers.ContentEncoding = "gzip";
                return Results.Bytes(cached.Gzip!, AtomFeed.ContentType);
            }

            return Results.Bytes(cached.Feed!, AtomFeed.ContentType);
        }).AllowAnonymous();
        return app;
    }
}
