using MassTransit;

namespace Platform.Benchmarks;

/// <summary>The probe's event as the baselines send it; one type per baseline, so each exchange feeds only its own queue.</summary>
public interface IBenchChanged
{
    Guid ChangeId { get; }
}

/// <summary>Pure messaging's message.</summary>
public sealed record PlainChanged(Guid EventId, DateTimeOffset OccurredAt, Guid ChangeId, string AggregateId, string Value) : IBenchChanged;

/// <summary>The commit-then-publish baseline's message.</summary>
public sealed record DirectChanged(Guid EventId, DateTimeOffset OccurredAt, Guid ChangeId, string AggregateId, string Value) : IBenchChanged;

/// <summary>
/// The baselines' bus: MassTransit publishing with confirms straight to RabbitMQ, one consumer
/// queue with the platform's consumer settings (prefetch 32, 16 at a time) whose handler is
/// given: nothing (pure messaging), or the probe's effect without the inbox.
/// </summary>
internal sealed class PlainBus<TMessage> : IAsyncDisposable
    where TMessage : class, IBenchChanged
{
    private readonly IBusControl _bus;

    private PlainBus(IBusControl bus, EffectClock effects)
    {
        _bus = bus;
        Effects = effects;
    }

    public EffectClock Effects { get; }

    public IPublishEndpoint Publisher => _bus;

    public static async Task<PlainBus<TMessage>> StartAsync(string rabbitMq, string queue, Func<TMessage, Task> effect)
    {
        var effects = new EffectClock();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(rabbitMq), host => host.PublisherConfirmation = true);
            rabbit.ReceiveEndpoint(queue, endpoint =>
            {
                endpoint.PrefetchCount = 32;
                endpoint.ConcurrentMessageLimit = 16;
                endpoint.Handler<TMessage>(context => effect(context.Message));
            });
        });
        bus.ConnectConsumeObserver(effects);
        await bus.StartAsync();
        return new PlainBus<TMessage>(bus, effects);
    }

    /// <summary>Pure messaging: publish, nothing else.</summary>
    public async Task<Guid> PublishAsync(Func<Guid, TMessage> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var changeId = Guid.CreateVersion7();
        await _bus.Publish(create(changeId));
        return changeId;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
