using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Hosting.Dashboard.Messaging;

/// <summary>
/// Moves dead-lettered messages from a <c>&lt;queue&gt;_error</c> queue back to <c>&lt;queue&gt;</c>
/// over AMQP: each message is published through the default exchange with a broker confirm (its
/// fault headers removed, so a new failure records new ones) and only then acknowledged, so it is
/// never lost and never doubled by the dashboard.
/// </summary>
internal sealed class ErrorQueueRedrive : IAsyncDisposable
{
    private const int MaxScanned = 10_000;

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _errorQueue;
    private readonly QueueTurn _turn;

    private ErrorQueueRedrive(IConnection connection, IChannel channel, string errorQueue, string target, QueueTurn turn)
    {
        (_connection, _channel, _errorQueue, Target, _turn) = (connection, channel, errorQueue, target, turn);
    }

    /// <summary>The queue the messages go back to.</summary>
    public string Target { get; }

    /// <summary>
    /// Connects to <paramref name="broker"/> for <paramref name="errorQueue"/>; throws
    /// <see cref="ArgumentException"/> when it is not an error queue, <see cref="KeyNotFoundException"/>
    /// when it does not exist and <see cref="InvalidOperationException"/> when its queue does not.
    /// Waits for the re-drive or peek of the same error queue under way, if any, to end (<see cref="QueueTurns"/>).
    /// </summary>
    public static async Task<ErrorQueueRedrive> OpenAsync(RabbitMQServerResource broker, string errorQueue, CancellationToken cancellationToken)
    {
        BrokerQueues.EnsureErrorQueue(errorQueue);
        var target = errorQueue[..^BrokerQueues.ErrorSuffix.Length];
        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString), ClientProvidedName = "platform-dashboard-redrive", AutomaticRecoveryEnabled = false };
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        try
        {
            if (!await QueueExistsAsync(connection, errorQueue, cancellationToken))
            {
                throw new KeyNotFoundException($"There is no queue named '{errorQueue}'.");
            }

            if (!await QueueExistsAsync(connection, target, cancellationToken))
            {
                throw new InvalidOperationException($"The queue '{target}' that '{errorQueue}' belongs to does not exist, so there is nowhere to re-drive to.");
            }

            var turn = await QueueTurns.TakeAsync(broker, errorQueue, cancellationToken);
            try
            {
                var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
                return new ErrorQueueRedrive(connection, channel, errorQueue, target, turn);
            }
            catch
            {
                turn.Dispose();
                throw;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Moves the message with <paramref name="messageId"/>: the messages before it are held
    /// unacknowledged and put back in place. Throws <see cref="KeyNotFoundException"/> when it is not there.
    /// </summary>
    public async Task RedriveAsync(string messageId, CancellationToken cancellationToken)
    {
        var held = new List<ulong>();
        try
        {
            for (var i = 0; i < MaxScanned; i++)
            {
                var message = await _channel.BasicGetAsync(_errorQueue, autoAck: false, cancellationToken);
                if (message is null)
                {
                    break;
                }

                if (message.BasicProperties.MessageId == messageId)
                {
                    if (await MoveAsync(message) is { } refused)
                    {
                        throw new InvalidOperationException($"RabbitMQ refused message '{messageId}' in '{Target}' ({refused}); it stays in '{_errorQueue}'.");
                    }

                    return;
                }

                held.Add(message.DeliveryTag);
            }
        }
        finally
        {
            foreach (var tag in held)
            {
                await _channel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
            }
        }

        throw new KeyNotFoundException($"No message with id '{messageId}' is waiting in '{_errorQueue}'.");
    }

    /// <summary>
    /// Moves every message waiting when it starts (not those that fail again meanwhile and come
    /// back, so it ends even while the consumer keeps failing); returns how many were moved. A
    /// cancellation stops it before the next message is taken, never between a publish and its ack.
    /// When RabbitMQ refuses one, it stops there and throws <see cref="InvalidOperationException"/>;
    /// when it closes the channel, <see cref="IOException"/>; both say how many moved before.
    /// </summary>
    public async Task<long> RedriveAllAsync(CancellationToken cancellationToken)
    {
        var waiting = await _channel.MessageCountAsync(_errorQueue, cancellationToken);
        long moved = 0;
        try
        {
            while (moved < waiting && await _channel.BasicGetAsync(_errorQueue, autoAck: false, cancellationToken) is { } message)
            {
                if (await MoveAsync(message) is { } refused)
                {
                    throw new InvalidOperationException($"Moved {moved} of {waiting} messages from '{_errorQueue}' to '{Target}', then RabbitMQ refused the next one ({refused}); it and the rest stay in '{_errorQueue}'.");
                }

                moved++;
            }
        }
        catch (OperationInterruptedException ex)
        {
            throw new IOException($"Moved {moved} of {waiting} messages from '{_errorQueue}' to '{Target}', then RabbitMQ closed the channel ({ex.ShutdownReason?.ReplyText ?? ex.Message}); the rest stay in '{_errorQueue}'.", ex);
        }

        return moved;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
        finally
        {
            _turn.Dispose();
        }
    }

    /// <summary>
    /// Publishes the message to its queue, then acknowledges it in the error queue: the two always
    /// both happen (no cancellation between them), since a message published but not acknowledged
    /// goes back to the error queue when the channel closes and would then be in both queues.
    /// Returns why RabbitMQ refused the publish (the message is then put back in place), or null.
    /// </summary>
    private async Task<string?> MoveAsync(BasicGetResult message)
    {
        var properties = new BasicProperties(message.BasicProperties)
        {
            Headers = message.BasicProperties.Headers?
                .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
                .ToDictionary(h => h.Key, h => h.Value),
        };
        try
        {
            await _channel.BasicPublishAsync(string.Empty, Target, mandatory: true, properties, message.Body, CancellationToken.None);
        }
        catch (PublishException ex)
        {
            await _channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
            return ex.IsReturn ? "the queue no longer exists" : "the queue is full or refuses new messages";
        }

        await _channel.BasicAckAsync(message.DeliveryTag, multiple: false, CancellationToken.None);
        return null;
    }

    /// <summary>A passive declare fails (and closes its channel) when the queue is missing, so it gets a channel of its own.</summary>
    private static async Task<bool> QueueExistsAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await probe.QueueDeclarePassiveAsync(queue, cancellationToken);
            return true;
        }
        catch (OperationInterruptedException)
        {
            return false;
        }
    }
}
