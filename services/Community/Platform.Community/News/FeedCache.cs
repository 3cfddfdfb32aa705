using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Platform.Community.News;

/// <summary>
/// The Atom feed's bytes in Redis, under a generation number that every change to what the feed
/// shows increments (after its commit). A reader asks for the current generation's entry; one
/// that missed fills it only if still absent. A slow reader that loaded the feed before a change
/// fills an entry of the old generation, which nobody asks for any more.
/// Each instance also keeps the current generation's feed in memory, with its gzip form, so a
/// request costs one small GET of the generation number, not a transfer of the whole feed.
/// The increment can be lost (Redis timed out, the process died between the commit and the
/// increment, a Redis that restarted counts from 0 again): then the old generation's feed is
/// what readers get, but not for long. An entry lives half the feed's max-age in Redis and an
/// instance trusts its memory copy for the other half, so a feed is served at most the max-age
/// after it was built: no change stays hidden longer than a reader's own cache may hide it.
/// Redis being away costs speed, never correctness.
/// The feed's ETag is a hash of its bytes, computed when they are kept: it changes exactly when
/// what readers get changes, whatever became of the generation number, so no reader is told
/// "not modified" about a new feed.
/// </summary>
public sealed partial class FeedCache(IConnectionMultiplexer redis, IOptions<NewsOptions> options, ILogger<FeedCache> logger)
{
    private const string GenerationKey = "community:news:feed-generation";
    private readonly TimeSpan _lifetime = options.Value.FeedMaxAge / 2;
    private volatile CachedFeed? _local;

    /// <summary>The current generation and its feed, if cached; generation -1 when Redis is away (do not fill).</summary>
    public async Task<CachedFeed?> GetAsync()
    {
        try
        {
            var database = redis.GetDatabase();
            var generation = (long?)await database.StringGetAsync(GenerationKey) ?? 0;
            if (_local is { } local && local.Generation == generation && Environment.TickCount64 - local.KeptAt < _lifetime.TotalMilliseconds)
            {
                return local;
            }

            var feed = await database.StringGetAsync(FeedKey(generation));
            return feed.HasValue ? Keep(generation, (byte[])feed!) : new CachedFeed(generation, null, null);
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            LogUnavailable(logger, ex.Message);
            return null;
        }
    }

    /// <summary>After a miss: stores the feed built for <paramref name="generation"/> unless another instance did first.</summary>
    public async Task<CachedFeed> FillAsync(long generation, byte[] feed)
    {
        var built = Keep(generation, feed);
        if (generation < 0)
        {
            return built;
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(FeedKey(generation), feed, _lifetime, When.NotExists);
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            LogUnavailable(logger, ex.Message);
        }

        return built;
    }

    /// <summary>After a committed change to what the feed shows.</summary>
    public async Task InvalidateAsync()
    {
        try
        {
            await redis.GetDatabase().StringIncrementAsync(GenerationKey);
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            // The old entry stays until it expires: logged, bounded by the feed's max-age.
            LogUnavailable(logger, ex.Message);
        }
    }

    private CachedFeed Keep(long generation, byte[] feed)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal))
        {
            gzip.Write(feed);
        }

        var cached = new CachedFeed(generation, feed, compressed.ToArray()) { ETag = ETagOf(feed), KeptAt = Environment.TickCount64 };
        if (generation >= 0)
        {
            _local = cached;
        }

        return cached;
    }

    /// <summary>The quoted tag of the bytes: the first 128 bits of their SHA-256, base64url.</summary>
    private static string ETagOf(byte[] feed) =>
        "\"" + System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(feed).AsSpan(0, 16)) + "\"";

    private static RedisKey FeedKey(long generation) => "community:news:feed:" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The feed cache is unavailable, reading the database: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}

/// <summary>One generation of the feed: its bytes, their gzip form and ETag (null when not cached yet).</summary>
public sealed record CachedFeed(long Generation, byte[]? Feed, byte[]? Gzip)
{
    /// <summary>The quoted entity tag of <see cref="Feed"/>, derived from its bytes.</summary>
    public string? ETag { get; init; }

    /// <summary>When this instance kept it (<see cref="Environment.TickCount64"/>).</summary>
    public long KeptAt { get; init; }
}
