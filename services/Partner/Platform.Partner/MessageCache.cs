using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Platform.Partner;

/// <summary>
/// Cache-aside for reads of one kind of entity in Redis (<c>partner:&lt;kind&gt;:&lt;id&gt;</c>, the
/// contract's bytes, 10 minutes). A committed change deletes the entry, it never writes one: what a
/// mutation returns may be a retry's stored first response, older than the row. A read that missed
/// takes a fill lease (<c>…:fill</c>) before it reads the database and fills the entry only while
/// its lease stands; the change's delete removes the lease too, so a slow read that loaded the old
/// row before the change cannot put it back after. Redis being away costs speed, never
/// correctness: reads fall back to the database.
/// </summary>
public abstract partial class MessageCache<T>(IConnectionMultiplexer redis, ILogger logger, string kind, MessageParser<T> parser)
    where T : IMessage<T>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // Longer than any read of one row; an expired lease only means that read does not fill.
    private static readonly TimeSpan LeaseLifetime = TimeSpan.FromSeconds(5);

    private const string FillScript = """
        if redis.call('GET', KEYS[2]) == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          redis.call('DEL', KEYS[2])
          return 1
        end
        return 0
        """;

    /// <summary>The cached copy, else what <paramref name="load"/> reads from the database, cached unless a change came in between.</summary>
    public async Task<T> ReadAsync(Guid id, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        var key = Key(id);
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(key);
            if (value.HasValue)
            {
                return parser.ParseFrom((byte[])value!);
            }
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            LogUnavailable(logger, kind, ex.Message);
            return await load(cancellationToken);
        }

        var lease = await TakeLeaseAsync(key);
        var loaded = await load(cancellationToken);
        if (lease is { } token)
        {
            await FillAsync(key, token, loaded);
        }

        return loaded;
    }

    /// <summary>After a committed change (or a retry of one): the next read goes to the database.</summary>
    public async Task InvalidateAsync(Guid id)
    {
        var key = Key(id);
        try
        {
            await redis.GetDatabase().KeyDeleteAsync([key, LeaseKey(key)]);
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            // The old entry stays until it expires: logged, bounded by the lifetime.
            LogUnavailable(logger, kind, ex.Message);
        }
    }

    /// <summary>One reader at a time fills an entry; the others read the database meanwhile.</summary>
    private async Task<string?> TakeLeaseAsync(RedisKey key)
    {
        var token = Guid.NewGuid().ToString("N");
        try
        {
            return await redis.GetDatabase().StringSetAsync(LeaseKey(key), token, LeaseLifetime, When.NotExists) ? token : null;
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            LogUnavailable(logger, kind, ex.Message);
            return null;
        }
    }

    private async Task FillAsync(RedisKey key, string lease, T message)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(FillScript, [key, LeaseKey(key)], [lease, message.ToByteArray(), (long)Lifetime.TotalMilliseconds]);
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            LogUnavailable(logger, kind, ex.Message);
        }
    }

    private RedisKey Key(Guid id) => "partner:" + kind + ":" + id.ToString("N");

    private static RedisKey LeaseKey(RedisKey key) => key.Append(":fill");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Kind} cache is unavailable, reading the database: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string kind, string reason);
}
