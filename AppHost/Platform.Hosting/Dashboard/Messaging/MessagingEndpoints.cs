using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Platform.Hosting.Dashboard.Messaging;

/// <summary>The messaging page's API: queues of every broker, error queues' messages, re-drive, outbox lag.</summary>
internal static class MessagingEndpoints
{
    public const string OutboxLagMetric = "platform.outbox.lag";

    public static void Map(RouteGroupBuilder secured, DistributedApplication application)
    {
        var brokers = application.Resources.OfType<RabbitMQServerResource>().ToDictionary(b => b.Name, StringComparer.Ordinal);
        MapQueues(secured, brokers);
        MapRedrive(secured, brokers);
        MapOutbox(secured, application);
    }

    private static void MapQueues(RouteGroupBuilder secured, Dictionary<string, RabbitMQServerResource> brokers)
    {
        secured.MapGet("/api/messaging/queues", async (CancellationToken cancellationToken) =>
        {
            var queues = new List<QueueInfo>();
            var problems = new List<string>();
            foreach (var broker in brokers.Values)
            {
                try
                {
                    using var client = new BrokerQueues(broker);
                    queues.AddRange(await client.ListAsync(cancellationToken));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    problems.Add($"{broker.Name}: the management API did not answer ({ex.Message})");
                }
            }

            return Results.Ok(new { queues, problems });
        });

        secured.MapGet("/api/messaging/{broker}/queues/{queue}/messages", async (string broker, string queue, int? count, CancellationToken cancellationToken) =>
        {
            if (!brokers.TryGetValue(broker, out var resource))
            {
                return Results.Problem($"There is no RabbitMQ resource named '{broker}'.", statusCode: StatusCodes.Status404NotFound);
            }

            try
            {
                using var client = new BrokerQueues(resource);
                return Results.Ok(await client.PeekAsync(queue, Math.Clamp(count ?? 20, 1, 200), cancellationToken));
            }
            catch (KeyNotFoundException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }
        });
    }

    private static void MapRedrive(RouteGroupBuilder secured, Dictionary<string, RabbitMQServerResource> brokers) =>
        secured.MapPost("/api/messaging/{broker}/queues/{queue}/redrive", async (string broker, string queue, RedriveRequest? request, CancellationToken cancellationToken) =>
        {
            if (!brokers.TryGetValue(broker, out var resource))
            {
                return Results.Problem($"There is no RabbitMQ resource named '{broker}'.", statusCode: StatusCodes.Status404NotFound);
            }

            if (string.IsNullOrWhiteSpace(request?.MessageId))
            {
                return Results.Problem("messageId is required: the id of the message to re-drive.", statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                var target = await ErrorQueueRedrive.RedriveAsync(resource, queue, request.MessageId, cancellationToken);
                return Results.Ok(new { messageId = request.MessageId, queue = target });
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            catch (KeyNotFoundException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }
            catch (InvalidOperationException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict);
            }
        });

    private static void MapOutbox(RouteGroupBuilder secured, DistributedApplication application) =>
        secured.MapGet("/api/messaging/outbox", () =>
        {
            var lag = application.Telemetry.Metrics.Latest(OutboxLagMetric);
            return Results.Ok(application.ResourceNotifications.GetAll()
                .Where(r => r.Type == "Project")
                .Select(r => new
                {
                    service = r.Name,
                    lagSeconds = lag.TryGetValue(r.Name, out var l) ? l.Value : (double?)null,
                    measuredAt = lag.TryGetValue(r.Name, out var m) ? m.Time : (DateTimeOffset?)null,
                    health = r.Health,
                }));
        });

    /// <summary>The message to move back to its queue.</summary>
    internal sealed record RedriveRequest(string? MessageId);
}
