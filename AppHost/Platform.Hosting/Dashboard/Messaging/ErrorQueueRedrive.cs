using RabbitMQ.Client;

namespace Platform.Hosting.Dashboard.Messaging;

/// <summary>
/// Moves one dead-lettered message from a <c>&lt;queue&gt;_error</c> queue back to <c>&lt;queue&gt;</c>:
/// the messages before it are held unacknowledged and put back in place, the message is published
/// with a broker confirm (its fault headers removed, so a new failure records new ones), then acknowledged.
/// </summary>
internal static class ErrorQueueRedrive
{
    private const int MaxScanned = 10_000;

    /// <summary>Returns the queue the message went to; throws <see cref="KeyNotFoundException"/> when it is not there.</summary>
    public static async Task<string> RedriveAsync(RabbitMQServerResource broker, string errorQueue, string messageId, CancellationToken cancellationToken)
    {
        if (!errorQueue.EndsWith(BrokerQueues.ErrorSuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{errorQueue}' is not an error queue (its name does not end in {BrokerQueues.ErrorSuffix}).");
        }

        var target = errorQueue[..^BrokerQueues.ErrorSuffix.Length];
        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString), ClientProvidedName = "platform-dashboard-redrive", AutomaticRecoveryEnabled = false };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await EnsureQueueAsync(connection, target, cancellationToken);

        var held = new List<ulong>();
        try
        {
            for (var i = 0; i < MaxScanned; i++)
            {
                var message = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
                if (message is null)
                {
                    break;
                }

                if (message.BasicProperties.MessageId != messageId)
                {
                    held.Add(message.DeliveryTag);
                    continue;
                }

                var properties = new BasicProperties(message.BasicProperties)
                {
                    Headers = message.BasicProperties.Headers?
                        .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
                        .ToDictionary(h => h.Key, h => h.Value),
                };
                await channel.BasicPublishAsync(string.Empty, target, mandatory: true, properties, message.Body, cancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                return target;
            }
        }
        finally
        {
            foreach (var tag in held)
            {
                await channel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
            }
        }

        throw new KeyNotFoundException($"No message with id '{messageId}' is waiting in '{errorQueue}'.");
    }

    /// <summary>A passive declare fails (and closes its channel) when the queue is missing, so it gets a channel of its own.</summary>
    private static async Task EnsureQueueAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await probe.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            throw new InvalidOperationException($"The queue '{queue}' that '{queue}{BrokerQueues.ErrorSuffix}' belongs to does not exist, so there is nowhere to re-drive to.");
        }
    }
}
