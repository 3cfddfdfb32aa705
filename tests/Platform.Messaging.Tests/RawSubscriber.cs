using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Platform.Messaging.Tests;

/// <summary>
/// What a subscriber outside .NET does: its own queue bound to an event's exchange, reading the
/// raw envelopes. Tests use it to see exactly what went over the wire, in order.
/// </summary>
public sealed class RawSubscriber : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;

    private RawSubscriber(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<RawSubscriber> BindAsync(string rabbitMq, string exchange)
    {
        var cancel = TestContext.Current.CancellationToken;
        var connection = await new ConnectionFactory { Uri = new Uri(rabbitMq) }.CreateConnectionAsync(cancel);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancel);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: cancel);
        var queue = (await channel.QueueDeclareAsync("test-" + Guid.NewGuid().ToString("N"), durable: false, exclusive: true, autoDelete: true, cancellationToken: cancel)).QueueName;
        await channel.QueueBindAsync(queue, exchange, string.Empty, cancellationToken: cancel);
        return new RawSubscriber(connection, channel, queue);
    }

    /// <summary>Reads (and acknowledges) what the queue holds now, in queue order.</summary>
    public async Task<List<JsonElement>> DrainAsync()
    {
        var envelopes = new List<JsonElement>();
        while (await _channel.BasicGetAsync(_queue, autoAck: true, TestContext.Current.CancellationToken) is { } result)
        {
            envelopes.Add(JsonDocument.Parse(result.Body).RootElement.Clone());
        }

        return envelopes;
    }

    /// <summary>Reads one message of a queue without consuming it for good (it is requeued on close).</summary>
    public static async Task<List<(string Body, IDictionary<string, object?> Headers)>> PeekAsync(string rabbitMq, string queue)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var connection = await new ConnectionFactory { Uri = new Uri(rabbitMq) }.CreateConnectionAsync(cancel);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancel);
        var messages = new List<(string, IDictionary<string, object?>)>();
        try
        {
            while (await channel.BasicGetAsync(queue, autoAck: false, cancel) is { } result)
            {
                messages.Add((Encoding.UTF8.GetString(result.Body.Span), result.BasicProperties.Headers ?? new Dictionary<string, object?>()));
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            // MassTransit declares an _error queue with its first fault: none yet.
        }

        return messages;
    }

    public static string Text(object? header) => header switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        null => string.Empty,
        _ => header.ToString() ?? string.Empty,
    };

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
