using Google.Protobuf;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Platform.Partner;

/// <summary>
/// Cache-aside for reads of one kind of entity in Redis (<c>partner:&lt;kind&gt;:&lt;id&gt;</c>, the
/// contract's bytes, 10 minutes). A read that missed fills the entry only if it is still absent; a
/// committed change replaces it. So a slow read that loaded the old row cannot overwrite the new
/// one. Redis being away costs speed, never correctness: reads fall back to the database.
/// </summary>
public abstract partial class MessageCache<T>(IConnectionMultiplexer redis, ILogger logger, string kind, MessageParser<T> parser, Func<T, string> idOf)
    where T : IMessage<T>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async Task<T?> GetAsync(Guid id)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(id));
            return value.HasValue ? parser.ParseFrom((byte[])value!) : default;
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, kind, ex.Message);
            return default;
        }
    }

    /// <summary>After a read from the database: only if no change put a newer value there meanwhile.</summary>
    public Task FillAsync(T message) => SetAsync(message, When.NotExists);

    /// <summary>After a committed change.</summary>
    public Task ReplaceAsync(T message) => SetAsync(message, When.Always);

    private async Task SetAsync(T message, When when)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            await redis.GetDatabase().StringSetAsync(Key(Guid.Parse(idOf(message))), message.ToByteArray(), Lifetime, when);
        }
        catch (RedisException ex)
        {
            // After a change this leaves the old entry until it expires: logged, bounded by the lifetime.
            LogUnavailable(logger, kind, ex.Message);
        }
    }

    private RedisKey Key(Guid id) => "partner:" + kind + ":" + id.ToString("N");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Kind} cache is unavailable, reading the database: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string kind, string reason);
}
