using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Health;
using StackExchange.Redis;

namespace Platform.ServiceDefaults.Redis;

/// <summary>One Redis multiplexer per service, which reconnects by itself, and a readiness check.</summary>
public static class RedisExtensions
{
    public static IHostApplicationBuilder AddPlatformRedis(this IHostApplicationBuilder builder, string connectionName = "redis")
    {
        var connectionString = ConnectionStrings.Required(builder.Configuration, connectionName);

        // abortConnect=false: start even if Redis is away, and keep trying; health says Unhealthy meanwhile.
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 3000;

        // .NET's thread pool instead of the client's own ten socket threads per process: one Redis
        // connection carries little traffic here, and every thread costs memory.
        options.SocketManager = SocketManager.ThreadPool;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            services => new RedisHealthCheck(services.GetRequiredService<IConnectionMultiplexer>()),
            HealthStatus.Unhealthy,
            ["ready"],
            HealthExtensions.CheckTimeout));
        return builder;
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("Redis is not connected.");
        }

        using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:F0} ms");
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", ex);
        }
    }
}
