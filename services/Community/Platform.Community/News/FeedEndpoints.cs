using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Platform.Community.News;

/// <summary>The public Atom feed on the http endpoint: feed readers send no tokens.</summary>
public static class FeedEndpoints
{
    public const string Path = "/news/feed.atom";

    public static WebApplication MapNewsFeed(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var maxAge = (int)app.Services.GetRequiredService<IOptions<NewsOptions>>().Value.FeedMaxAge.TotalSeconds;
        var cacheControl = $"public, max-age={maxAge}";
        app.MapGet(Path, async (HttpContext http, FeedCache cache, AtomFeed feed, CancellationToken cancellationToken) =>
        {
            var cached = await cache.GetAsync();
            if (cached?.Feed is null)
            {
                cached = await cache.FillAsync(cached?.Generation ?? -1, await feed.BuildAsync(cancellationToken));
            }

            // Weak: the gzip and the plain answer are the same feed, under one tag.
            var etag = new EntityTagHeaderValue(cached.ETag!, isWeak: true);
            http.Response.Headers.CacheControl = cacheControl;
            http.Response.Headers.ETag = etag.ToString();
            if (http.Request.GetTypedHeaders().IfNoneMatch.Any(e => e.Compare(etag, useStrongComparison: false)))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
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
