using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Platform.Hosting.Dashboard.Messaging;

/// <summary>A queue as the messaging page lists it.</summary>
internal sealed record QueueInfo(string Broker, string Name, long Ready, long Unacknowledged, int Consumers, double PublishRate, double DeliverRate, bool IsErrorQueue);

/// <summary>
/// A message waiting in an error queue, with the reason MassTransit recorded in its headers; its
/// body (<see cref="Payload"/>) is the first <see cref="PayloadShownBytes"/> of its <see cref="PayloadBytes"/>,
/// in base64 when it is not UTF-8 text.
/// </summary>
internal sealed record ErrorMessage(string? MessageId, string? MessageType, string? Reason, string? ExceptionType, string? ExceptionMessage, string? FailedAt, string? InputAddress, string Payload, long PayloadBytes, long PayloadShownBytes, bool PayloadBase64, bool Redelivered);

/// <summary>Reads queues and peeks at messages through the RabbitMQ management API the engine enables.</summary>
internal sealed class BrokerQueues(RabbitMQServerResource broker) : IDisposable
{
    public const string ErrorSuffix = "_error";

    /// <summary>The bytes of a body shown at most: a page of 50 messages stays a few megabytes.</summary>
    private const int BodyShownBytes = 20_000;
    private readonly HttpClient _http = Create(broker);

    public async Task<IReadOnlyList<QueueInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var queues = await _http.GetFromJsonAsync<JsonElement>("api/queues/%2F?columns=name,messages_ready,messages_unacknowledged,consumers,message_stats", cancellationToken);
        return queues.EnumerateArray().Select(q => new QueueInfo(
            broker.Name,
            q.GetProperty("name").GetString()!,
            Long(q, "messages_ready"),
            Long(q, "messages_unacknowledged"),
            (int)Long(q, "consumers"),
            Rate(q, "publish_details"),
            Rate(q, "deliver_get_details"),
            q.GetProperty("name").GetString()!.EndsWith(ErrorSuffix, StringComparison.Ordinal)))
            .OrderBy(q => q.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="queue"/> is not an error queue: the
    /// dashboard looks into and moves only dead-lettered messages, never those waiting for their consumer.
    /// </summary>
    public static void EnsureErrorQueue(string queue)
    {
        if (!queue.EndsWith(ErrorSuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{queue}' is not an error queue (its name does not end in {ErrorSuffix}).");
        }
    }

    /// <summary>
    /// The first messages of an error queue, left where they are (requeued in place), in turn with
    /// re-drives (<see cref="QueueTurns"/>). A live queue is refused (<see cref="EnsureErrorQueue"/>):
    /// peeking takes its messages from under their consumer and puts them back as redelivered.
    /// </summary>
    public async Task<IReadOnlyList<ErrorMessage>> PeekAsync(string queue, int count, CancellationToken cancellationToken)
    {
        EnsureErrorQueue(queue);
        using var turn = await QueueTurns.TakeAsync(broker, queue, cancellationToken);
        return await PeekInTurnAsync(queue, count, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<ErrorMessage>> PeekInTurnAsync(string queue, int count, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(
            $"api/queues/%2F/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto", truncate = BodyShownBytes },
            cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new KeyNotFoundException($"There is no queue named '{queue}' on {broker.Name}.");
        }

        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return messages.EnumerateArray().Select(ToMessage).ToList();
    }

    private static ErrorMessage ToMessage(JsonElement message)
    {
        // A message published without properties has them as an empty array, not an object.
        var properties = message.GetProperty("properties");
        string? Property(string name) => properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var v) ? v.ToString() : null;
        var headers = properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("headers", out var h) ? h : default;
        string? Header(string name) => headers.ValueKind == JsonValueKind.Object && headers.TryGetProperty(name, out var v) ? v.ToString() : null;
        return new ErrorMessage(
            Property("message_id"),
            Property("type") ?? Header("MT-MessageType") ?? Header("Content-Type"),
            Header("MT-Reason"),
            Header("MT-Fault-ExceptionType"),
            Header("MT-Fault-Message"),
            Header("MT-Fault-Timestamp"),
            Header("MT-Fault-InputAddress"),
            message.GetProperty("payload").GetString() ?? string.Empty,
            Long(message, "payload_bytes"),
            Math.Min(Long(message, "payload_bytes"), BodyShownBytes),
            message.TryGetProperty("payload_encoding", out var encoding) && encoding.GetString() == "base64",
            message.TryGetProperty("redelivered", out var r) && r.GetBoolean());
    }

    private static long Long(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    private static double Rate(JsonElement e, string name) =>
        e.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty(name, out var details) && details.TryGetProperty("rate", out var rate) ? rate.GetDouble() : 0;

    private static HttpClient Create(RabbitMQServerResource broker)
    {
        var endpoint = broker.ManagementEndpoint;
        var http = new HttpClient { BaseAddress = new Uri($"http://{endpoint.Host}:{endpoint.Port}/"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RabbitMQServerResource.UserName}:{broker.Password}")));
        return http;
    }
}
