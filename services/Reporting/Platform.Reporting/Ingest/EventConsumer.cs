using MassTransit;
using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.ServiceDefaults.Messaging.Inbox;

namespace Platform.Reporting.Ingest;

/// <summary>Takes one kind of event in through the inbox: journal and read models change in one transaction, once.</summary>
public sealed class EventConsumer<TEvent>(Inbox<ReportingDbContext> inbox, Projector projector) : InboxConsumer<TEvent, ReportingDbContext>(inbox)
    where TEvent : class, IIntegrationEvent
{
    protected override Task HandleAsync(ConsumeContext<TEvent> context, ReportingDbContext db, CancellationToken cancellationToken) =>
        projector.TakeInAsync(context.Message, db, cancellationToken);
}
