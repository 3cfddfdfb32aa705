using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner.Experts;

/// <summary>Expert reads, cached in Redis as <c>partner:expert:&lt;id as 32 hex digits, no dashes&gt;</c>.</summary>
public sealed class ExpertCache(IConnectionMultiplexer redis, ILogger<ExpertCache> logger)
    : MessageCache<Proto.Expert>(redis, logger, "expert", Proto.Expert.Parser);
