using Google.Protobuf;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner.Organizations;

/// <summary>
/// Cache-aside for organization reads in Redis (<c>partner:organization:&lt;id&gt;</c>, the contract's
/// bytes, 10 minutes). A read that missed fills the entry only if it is still absent; a committed
/// change replaces it. So a slow read that loaded the old row cannot overwrite the new one.
/// Redis being away costs speed, never correctness: reads fall back to the database.
/// </summary>
public sealed partial class OrganizationCache(IConnectionMultiplexer redis, ILogger<OrganizationCache> logger)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async Task<Proto.Organization?> GetAsync(Guid id)
    {
        try
        {
            var value = await redis.GetDatabase().StringGetAsync(Key(id));
            return value.HasValue ? Proto.Organization.Parser.ParseFrom((byte[])value!) : null;
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
            return null;
        }
    }

    /// <summary>After a read from the database: only if no change put a newer value there meanwhile.</summary>
    public Task FillAsync(Proto.Organization organization) => SetAsync(organization, When.NotExists);

    /// <summary>After a committed change.</summary>
    public Task ReplaceAsync(Proto.Organization organization) => SetAsync(organization, When.Always);

    private async Task SetAsync(Proto.Organization organization, When when)
    {
        ArgumentNullException.ThrowIfNull(organization);
        try
        {
            await redis.GetDatabase().StringSetAsync(Key(Guid.Parse(organization.Id)), organization.ToByteArray(), Lifetime, when);
        }
        catch (RedisException ex)
        {
            // After a change this leaves the old entry until it expires: logged, bounded by the lifetime.
            LogUnavailable(logger, ex.Message);
        }
    }

    private static RedisKey Key(Guid id) => "partner:organization:" + id.ToString("N");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organization cache unavailable, reading the database: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
