using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>
/// What the Redis client throws when Redis is away, refuses a command, or does not answer in time.
/// A timeout is a <see cref="RedisTimeoutException"/>, which derives from <see cref="TimeoutException"/>,
/// not from <see cref="RedisException"/>: a <c>catch (RedisException)</c> lets a Redis that is up but
/// not answering through. Use <c>catch (Exception ex) when (ex.IsRedisFailure())</c>.
/// </summary>
public static class RedisFailures
{
    public static bool IsRedisFailure(this Exception exception) => exception is RedisException or TimeoutException;
}
