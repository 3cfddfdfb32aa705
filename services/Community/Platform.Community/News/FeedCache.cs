using StackExchange.Redis;

namespace Platform.Community.News;

/// <summary>
/// The Atom feed's bytes in Redis, under a generation number that every change to what the feed
/// shows increments (after its commit). A reader asks for the current generation's entry; one
/// that missed fills it only if still absent. A slow reader that loaded the feed before a change
/// fills an entry of the old generation, which nobody asks for any more: a change is never
/// hidden by a stale entry. Redis being away costs speed, never correctness.
/// </summary>
public sealed partial class FeedCache(IConnectionMultiplexer redis, ILogger<FeedCache> logger)
{
    private const string GenerationKey = "community:news:feed-generation";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The current generation and its feed, if cached; generation -1 when Redis is away (do not fill).</summary>
    public async Task<(long Generation, byte[]? Feed)> GetAsync()
    {
        try
        {
            var database = redis.GetDatabase();
            var generation = (long?)await database.StringGetAsync(GenerationKey) ?? 0;
            var feed = await database.StringGetAsync(FeedKey(generation));
            return (generation, feed.HasValue ? (byte[])feed! : null);
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
            return (-1, null);
        }
    }

    public async Task FillAsync(long generation, byte[] feed)
    {
        if (generation < 0)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().StringSetAsync(FeedKey(generation), feed, Lifetime, When.NotExists);
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
        }
    }

    /// <summary>After a committed change to what the feed shows.</summary>
    public async Task InvalidateAsync()
    {
        try
        {
            await redis.GetDatabase().StringIncrementAsync(GenerationKey);
        }
        catch (RedisException ex)
        {
            // The old entry stays until it expires: logged, bounded by the lifetime.
            LogUnavailable(logger, ex.Message);
        }
    }

    private static RedisKey FeedKey(long generation) => "community:news:feed:" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The feed cache is unavailable, reading the database: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
