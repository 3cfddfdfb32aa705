using Microsoft.AspNetCore.Http.Headers;
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
        // HEAD too (RFC 9110 9.3.2: every general-purpose server supports it): the same headers, no body.
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], async (HttpContext http, FeedCache cache, AtomFeed feed, CancellationToken cancellationToken) =>
        {
            var cached = await cache.GetAsync();
            if (cached?.Feed is null)
            {
                cached = await cache.FillAsync(cached?.Generation ?? -1, await feed.BuildAsync(cancellationToken));
            }

            // Weak: the gzip and the plain answer are the same feed, under one tag. A 304 carries
            // the headers the 200 would (RFC 9110 15.4.5), Vary too, or a cache could answer a
            // reader with the form another reader accepted.
            var etag = new EntityTagHeaderValue(cached.ETag!, isWeak: true);
            http.Response.Headers.CacheControl = cacheControl;
            http.Response.Headers.ETag = etag.ToString();
            http.Response.Headers.Vary = "Accept-Encoding";
            var headers = http.Request.GetTypedHeaders();
            // "*" matches any current feed (RFC 9110 13.1.2), and there always is one.
            if (headers.IfNoneMatch.Any(e => e.Equals(EntityTagHeaderValue.Any) || e.Compare(etag, useStrongComparison: false)))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            if (AcceptsGzip(headers))
            {
                http.Response.Headers.ContentEncoding = "gzip";
                return Results.Bytes(cached.Gzip!, AtomFeed.ContentType);
            }

            return Results.Bytes(cached.Feed!, AtomFeed.ContentType);
        }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Whether the reader takes gzip (RFC 9110 12.5.3): gzip named with a quality above 0, or, when
    /// not named, <c>*</c> with one. <c>gzip;q=0</c> means "not gzip".
    /// </summary>
    private static bool AcceptsGzip(RequestHeaders headers)
    {
        var accepted = headers.AcceptEncoding;
        var gzip = accepted.FirstOrDefault(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || e.Value.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
            ?? accepted.FirstOrDefault(e => e.Value.Equals("*", StringComparison.Ordinal));
        return gzip is not null && (gzip.Quality ?? 1) > 0;
    }
}
