using MassTransit;
using Platform.Contracts.Events;

namespace Platform.Tests.Events;

/// <summary>Publishes events into the real RabbitMQ as the other services' outbox relays do: the message id is the event id.</summary>
public sealed class EventPublisher : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private EventPublisher(IBusControl bus) => _bus = bus;

    public static async Task<EventPublisher> StartAsync(string rabbitMq, CancellationToken cancellationToken)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(rabbitMq), host => host.PublisherConfirmation = true));
        await bus.StartAsync(cancellationToken);
        return new EventPublisher(bus);
    }

    public Task PublishAsync(IIntegrationEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        return _bus.Publish(evt, evt.GetType(), Pipe.Execute<PublishContext>(context => context.MessageId = evt.EventId), cancellationToken);
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
