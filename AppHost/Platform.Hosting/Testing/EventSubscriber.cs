using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Platform.Hosting.Testing;

/// <summary>
/// What a subscriber outside .NET does: its own queue bound to an event's exchange, reading the
/// raw envelopes. Tests use it to see exactly what went over the wire, in order.
/// </summary>
public sealed class EventSubscriber : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;

    // Envelopes read past by NextAsync: later reads see them first, in arrival order, so waiting
    // for one event never loses another (the relay publishes different aggregates concurrently).
    private readonly List<JsonElement> _passed = [];

    private EventSubscriber(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    /// <summary>Binds a new exclusive queue to the exchange (declared durable fanout, as MassTransit does).</summary>
    public static async Task<EventSubscriber> BindAsync(string rabbitMq, string exchange, CancellationToken cancel = default)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(rabbitMq) }.CreateConnectionAsync(cancel);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancel);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: cancel);
        var queue = (await channel.QueueDeclareAsync("test-" + Guid.NewGuid().ToString("N"), durable: false, exclusive: true, autoDelete: true, cancellationToken: cancel)).QueueName;
        await channel.QueueBindAsync(queue, exchange, string.Empty, cancellationToken: cancel);
        return new EventSubscriber(connection, channel, queue);
    }

    /// <summary>Reads (and acknowledges) what the queue holds now, in queue order.</summary>
    public async Task<List<JsonElement>> DrainAsync(CancellationToken cancel = default)
    {
        var envelopes = new List<JsonElement>();
        while (await TakeAsync(cancel) is { } envelope)
        {
            envelopes.Add(envelope);
        }

        return envelopes;
    }

    /// <summary>Reads (and acknowledges) the next envelope (those NextAsync passed first); null when there is none now.</summary>
    public async Task<JsonElement?> TakeAsync(CancellationToken cancel = default)
    {
        if (_passed.Count > 0)
        {
            var envelope = _passed[0];
            _passed.RemoveAt(0);
            return envelope;
        }

        return await ReadAsync(cancel);
    }

    /// <summary>
    /// The message of the next event that matches (those before it that do not are kept for later
    /// reads), or a failure naming how many others came within 15 s.
    /// </summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> matches, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(matches);
        var held = _passed.FindIndex(envelope => matches(envelope.GetProperty("message")));
        if (held >= 0)
        {
            var message = _passed[held].GetProperty("message");
            _passed.RemoveAt(held);
            return message;
        }

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            while (await ReadAsync(cancel) is { } envelope)
            {
                var message = envelope.GetProperty("message");
                if (matches(message))
                {
                    return message;
                }

                _passed.Add(envelope);
            }

            await Task.Delay(50, cancel);
        }

        throw new TimeoutException($"The expected event did not arrive within 15 s ({_passed.Count} other(s) did).");
    }

    /// <summary>
    /// The messages of the next events matching each of <paramref name="expected"/>, in the order of
    /// <paramref name="expected"/> whatever order they arrive in (only one aggregate's events keep
    /// their order).
    /// </summary>
    public async Task<JsonElement[]> EachAsync(IReadOnlyList<Func<JsonElement, bool>> expected, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var found = new JsonElement[expected.Count];
        for (var i = 0; i < expected.Count; i++)
        {
            found[i] = await NextAsync(expected[i], cancel);
        }

        return found;
    }

    /// <summary>
    /// Declares a durable queue bound to the exchange, as a subscriber's own queue is: it keeps what
    /// is published while nobody reads it, also across a restart of RabbitMQ. Read it with
    /// <see cref="PeekAsync"/>; delete it with <see cref="DeleteQueueAsync"/>.
    /// </summary>
    public static async Task DeclareQueueAsync(string rabbitMq, string exchange, string queue, CancellationToken cancel = default)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(rabbitMq) }.CreateConnectionAsync(cancel);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancel);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: cancel);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancel);
        await channel.QueueBindAsync(queue, exchange, string.Empty, cancellationToken: cancel);
    }

    public static async Task DeleteQueueAsync(string rabbitMq, string queue, CancellationToken cancel = default)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(rabbitMq) }.CreateConnectionAsync(cancel);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancel);
        await channel.QueueDeleteAsync(queue, cancellationToken: cancel);
    }

    /// <summary>Reads a queue's messages without consuming them for good (they are requeued on close).</summary>
    public static async Task<List<(string Body, IDictionary<string, object?> Headers)>> PeekAsync(string rabbitMq, string queue, CancellationToken cancel = default)
    {
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

    private async Task<JsonElement?> ReadAsync(CancellationToken cancel) =>
        await _channel.BasicGetAsync(_queue, autoAck: true, cancel) is { } result
            ? JsonDocument.Parse(result.Body).RootElement.Clone()
            : null;
}
