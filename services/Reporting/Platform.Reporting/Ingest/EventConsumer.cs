using MassTransit;
using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.ServiceDefaults.Messaging.Inbox;

namespace Platform.Reporting.Ingest;

/// <summary>Takes one kind of event in, in batches, through the inbox: journal and read models change in one transaction per batch, once per event.</summary>
public sealed class EventConsumer<TEvent>(Inbox<ReportingDbContext> inbox, Projector projector) : InboxBatchConsumer<TEvent, ReportingDbContext>(inbox)
    where TEvent : class, IIntegrationEvent
{
    protected override Task HandleAsync(IReadOnlyList<ConsumeContext<TEvent>> messages, ReportingDbContext db, CancellationToken cancellationToken) =>
        projector.TakeInAsync([.. messages.Select(m => m.Message)], db, cancellationToken);
}

/// <summary>
/// How events are batched: up to <see cref="Size"/> per batch, a partial batch after
/// <see cref="Window"/> (so a lone event is taken in within that, well inside the summary's second),
/// <see cref="Concurrency"/> batches of one queue at a time per replica. The queues' prefetch and
/// concurrent message limit (appsettings.json, <c>Messaging</c>) are Size x Concurrency, so batches fill.
/// </summary>
public static class IngestBatches
{
    public const int Size = 100;
    public const int Concurrency = 2;
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    public static void Configure<TEvent>(IConsumerConfigurator<EventConsumer<TEvent>> consumer)
        where TEvent : class, IIntegrationEvent =>
        consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(Size).SetTimeLimit(Window).SetConcurrencyLimit(Concurrency));
}
