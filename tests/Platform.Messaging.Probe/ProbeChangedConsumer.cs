using System.Diagnostics;
using MassTransit;
using Platform.ServiceDefaults.Messaging.Inbox;

namespace Platform.Messaging.Probe;

/// <summary>Records an effect per event through the inbox; a value of <c>poison</c> always fails.</summary>
public sealed class ProbeChangedConsumer(Inbox<ProbeDbContext> inbox, DeliveryLog deliveries) : InboxConsumer<ProbeChanged, ProbeDbContext>(inbox)
{
    public const string Poison = "poison";

    protected override Task HandleAsync(ConsumeContext<ProbeChanged> context, ProbeDbContext db, CancellationToken cancellationToken)
    {
        var message = context.Message;
        deliveries.Record(context.MessageId ?? Guid.Empty, message);
        if (message.Value == Poison)
        {
            throw new InvalidOperationException($"The probe cannot digest change {message.ChangeId}.");
        }

        db.Effects.Add(new Effect
        {
            ChangeId = message.ChangeId,
            AggregateId = message.AggregateId,
            Value = message.Value,
            TraceId = Activity.Current?.TraceId.ToString(),
        });
        return Task.CompletedTask;
    }
}
