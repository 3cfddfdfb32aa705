using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RabbitMQ.Client.Exceptions;

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
                catch (Exception ex) when (Unanswered(ex))
                {
                    problems.Add(NotAnswered(broker, ex));
                }
            }

            return Results.Ok(new { queues, problems });
        });

        secured.MapGet("/api/messaging/{broker}/queues/{queue}/messages", async (string broker, string queue, int? count, CancellationToken cancellationToken) =>
        {
            if (!brokers.TryGetValue(broker, out var resource))
            {
                return UnknownBroker(broker);
            }

            try
            {
                using var client = new BrokerQueues(resource);
                return Results.Ok(await client.PeekAsync(queue, Math.Clamp(count ?? 20, 1, 200), cancellationToken));
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            catch (KeyNotFoundException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }
            catch (Exception ex) when (Unanswered(ex))
            {
                // The operator stopped the broker, or it is starting: not the dashboard's failure.
                return Results.Problem(NotAnswered(resource, ex), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }

    /// <summary>The management API could not be reached, timed out, or its endpoint is not allocated yet.</summary>
    private static bool Unanswered(Exception ex) => ex is HttpRequestException or TaskCanceledException or InvalidOperationException;

    private static string NotAnswered(RabbitMQServerResource broker, Exception ex) =>
        $"{broker.Name}: the management API did not answer ({ex.Message})";

    private static void MapRedrive(RouteGroupBuilder secured, Dictionary<string, RabbitMQServerResource> brokers)
    {
        secured.MapPost("/api/messaging/{broker}/queues/{queue}/redrive", (string broker, string queue, RedriveRequest? request, CancellationToken cancellationToken) =>
            string.IsNullOrWhiteSpace(request?.MessageId)
                ? Task.FromResult(Results.Problem("messageId is required: the id of the message to re-drive.", statusCode: StatusCodes.Status400BadRequest))
                : RedriveAsync(brokers, broker, queue, async redrive =>
                {
                    await redrive.RedriveAsync(request.MessageId, cancellationToken);
                    return new { messageId = request.MessageId, queue = redrive.Target };
                }, cancellationToken));

        secured.MapPost("/api/messaging/{broker}/queues/{queue}/redrive-all", (string broker, string queue, CancellationToken cancellationToken) =>
            RedriveAsync(brokers, broker, queue, async redrive => new { queue = redrive.Target, moved = await redrive.RedriveAllAsync(cancellationToken) }, cancellationToken));
    }

    /// <summary>Runs <paramref name="move"/> on the error queue, answering a caller's mistake with its problem.</summary>
    private static async Task<IResult> RedriveAsync<T>(Dictionary<string, RabbitMQServerResource> brokers, string broker, string queue, Func<ErrorQueueRedrive, Task<T>> move, CancellationToken cancellationToken)
    {
        if (!brokers.TryGetValue(broker, out var resource))
        {
            return UnknownBroker(broker);
        }

        try
        {
            await using var redrive = await ErrorQueueRedrive.OpenAsync(resource, queue, cancellationToken);
            return Results.Ok(await move(redrive));
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
        catch (Exception ex) when (ex is IOException or OperationInterruptedException)
        {
            // RabbitMQ unreachable or the channel closed: what was not moved stays in the error queue.
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IResult UnknownBroker(string broker) =>
        Results.Problem($"There is no RabbitMQ resource named '{broker}'.", statusCode: StatusCodes.Status404NotFound);

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
