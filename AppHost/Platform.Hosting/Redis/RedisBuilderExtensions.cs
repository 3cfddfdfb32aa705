using Platform.Hosting.Orchestration;

namespace Platform.Hosting;

public static class RedisBuilderExtensions
{
    /// <summary>Adds a Redis server; <paramref name="port"/> null takes any free port.</summary>
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var redis = new RedisResource(name);
        redis.AddEndpoint("tcp", "redis", "127.0.0.1", port);
        return builder.AddResource(redis, context => new RedisRunner(redis, context));
    }
}
