using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>Degraded while the oldest unsent event is older than the lag threshold: events are late, not lost.</summary>
internal sealed class OutboxHealthCheck(OutboxStore store, IOptions<MessagingOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var threshold = options.Value.Outbox.LagThreshold;
        try
        {
            var lag = await store.LagAsync(cancellationToken);
            var data = new Dictionary<string, object> { ["lagSeconds"] = Math.Round(lag.TotalSeconds, 3) };
            return lag <= threshold
                ? HealthCheckResult.Healthy($"Outbox lag {lag.TotalSeconds:0.0} s", data)
                : HealthCheckResult.Degraded($"The oldest unsent event is {lag.TotalSeconds:0} s old (threshold {threshold.TotalSeconds:0} s): is RabbitMQ reachable?", data: data);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The outbox cannot be read: " + ex.Message);
        }
    }
}
