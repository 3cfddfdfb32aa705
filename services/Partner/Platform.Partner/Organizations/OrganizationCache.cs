using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner.Organizations;

/// <summary>Organization reads, cached in Redis as <c>partner:organization:&lt;id as 32 hex digits, no dashes&gt;</c>.</summary>
public sealed class OrganizationCache(IConnectionMultiplexer redis, ILogger<OrganizationCache> logger)
    : MessageCache<Proto.Organization>(redis, logger, "organization", Proto.Organization.Parser);
