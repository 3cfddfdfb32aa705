using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>The outcome of publishing a locked batch: the events RabbitMQ confirmed, and the first failure of each aggregate that failed.</summary>
internal sealed record PublishOutcome(IReadOnlyList<PendingEvent> Sent, IReadOnlyList<FailedPublish> Failures);

/// <summary>An event whose publish failed (its aggregate's later events in the batch were not tried), and why.</summary>
internal sealed record FailedPublish(PendingEvent Event, Exception Error);

/// <summary>
/// Publishes outbox rows through MassTransit, awaiting each broker confirm. Different aggregates
/// go out concurrently; one aggregate's events one after the other, stopping at its first
/// failure so a later event never overtakes an earlier one. When the service stops, no lane
/// starts another publish, but the ones under way finish (each within the publish timeout): what
/// RabbitMQ confirmed is reported, to be marked sent, and not published again after the restart.
/// </summary>
internal sealed class OutboxPublisher(IBus bus, IOptions<MessagingOptions> options)
{
    private readonly TimeSpan _timeout = options.Value.Outbox.PublishTimeout;

    public async Task<PublishOutcome> PublishAsync(IReadOnlyList<PendingEvent> batch, CancellationToken stopping)
    {
        var lanes = batch.GroupBy(e => e.AggregateId, StringComparer.Ordinal).Select(g => PublishInOrderAsync(g.ToList(), stopping));
        var results = await Task.WhenAll(lanes);
        var sent = results.SelectMany(r => r.Sent).OrderBy(e => e.Sequence).ToList();
        return new PublishOutcome(sent, [.. results.SelectMany(r => r.Failures)]);
    }

    private async Task<PublishOutcome> PublishInOrderAsync(List<PendingEvent> events, CancellationToken stopping)
    {
        var sent = new List<PendingEvent>(events.Count);
        foreach (var pending in events.TakeWhile(_ => !stopping.IsCancellationRequested))
        {
            try
            {
                await PublishOneAsync(pending);
                sent.Add(pending);
            }
            catch (Exception ex)
            {
                return new PublishOutcome(sent, [new FailedPublish(pending, ex)]);
            }
        }

        return new PublishOutcome(sent, []);
    }

    private async Task PublishOneAsync(PendingEvent pending)
    {
        var type = OutboxMessageTypes.Resolve(pending.MessageType);
        var message = JsonSerializer.Deserialize(pending.Body, type, OutboxExtensions.WholeBody)
            ?? throw new InvalidOperationException($"Outbox row {pending.Sequence} has an empty body.");

        // The publish continues the trace of the request that raised the event.
        ActivityContext.TryParse(pending.TraceParent, pending.TraceState, isRemote: true, out var parent);
        using var activity = MessagingMetrics.ActivitySource.StartActivity("outbox publish " + type.Name, ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", pending.MessageId.ToString());

        // Not cancelled by stopping: a publish cut short may still reach RabbitMQ, unconfirmed, and
        // go out again after the restart.
        using var timeout = new CancellationTokenSource(_timeout);
        try
        {
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(context => context.MessageId = pending.MessageId), timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"RabbitMQ did not confirm event {pending.MessageId} within {_timeout.TotalSeconds:0.#} s.");
        }
    }
}
