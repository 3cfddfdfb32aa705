using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Degraded while the oldest unsent event is older than the lag threshold: events are late, not
/// lost. The description names that event and, when this replica's relay failed to publish it, how
/// often, and whether beside events that went out (its own fault) or only in batches that published
/// nothing (RabbitMQ may be away). The reason is in the log: the answer needs no token, so it
/// carries no exception's message.
/// </summary>
internal sealed class OutboxHealthCheck(OutboxStore store, FailingAggregates failing, IOptions<MessagingOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var threshold = options.Value.Outbox.LagThreshold;
        try
        {
            var oldest = await store.OldestUnsentAsync(cancellationToken);
            var lag = oldest?.Age ?? TimeSpan.Zero;
            var data = new Dictionary<string, object> { ["lagSeconds"] = Math.Round(lag.TotalSeconds, 3) };
            if (oldest is null || lag <= threshold)
            {
                return HealthCheckResult.Healthy($"Outbox lag {lag.TotalSeconds:0.0} s", data);
            }

            var late = $"The oldest unsent event (#{oldest.Sequence}, type '{oldest.MessageType}', aggregate '{oldest.AggregateId}') is {lag.TotalSeconds:0} s old (threshold {threshold.TotalSeconds:0} s)";
            return HealthCheckResult.Degraded(failing.Of(oldest.AggregateId) is { } failure && failure.Sequence == oldest.Sequence
                ? failure.Logged
                    ? $"{late}: publishing it failed {failure.Attempts} time(s); the service's log has the reason. Its aggregate's later events wait behind it; other aggregates are published."
                    // Failed only in batches that published nothing: RabbitMQ may well be away.
                    : $"{late}: publishing it failed {failure.Attempts} time(s), in batches that published nothing: is RabbitMQ reachable? The service's log has the reason."
                : $"{late}: is RabbitMQ reachable, and a relay running?", data: data);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The outbox cannot be read.", ex);
        }
    }
}
