using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;

namespace Platform.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// The base of a consumer that takes its messages in batches (<see cref="Batch{T}"/>): the effect
/// of the messages not consumed before commits together with all their ids in the inbox, in one
/// transaction. When the batch fails, each message is consumed on its own (its own transaction,
/// through the same inbox), so one bad message holds back no other: the good ones take effect once,
/// the bad one fails the batch, MassTransit retries it (the good ones are then duplicates) and at
/// last moves it to <c>&lt;queue&gt;_error</c>.
/// </summary>
public abstract class InboxBatchConsumer<TMessage, TContext>(Inbox<TContext> inbox) : IConsumer<Batch<TMessage>>
    where TMessage : class
    where TContext : DbContext
{
    /// <summary>The effect of <paramref name="messages"/> (none consumed before, in arrival order): change <paramref name="db"/>; the base saves and commits.</summary>
    protected abstract Task HandleAsync(IReadOnlyList<ConsumeContext<TMessage>> messages, TContext db, CancellationToken cancellationToken);

    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // A message without a key fails the batch, but only after the others were taken in.
        var byId = new Dictionary<Guid, ConsumeContext<TMessage>>();
        ConsumeContext<TMessage>? keyless = null;
        foreach (var message in context.Message)
        {
            if (KeyOf(message) is { } id)
            {
                byId.TryAdd(id, message);
            }
            else
            {
                keyless ??= message;
            }
        }

        try
        {
            if (byId.Count > 0)
            {
                await inbox.ConsumeBatchOnceAsync([.. byId.Keys], InboxConsumerName.Of(GetType()), (db, fresh, ct) => HandleAsync([.. fresh.Select(id => byId[id])], db, ct), context.CancellationToken);
            }
        }
        catch (Exception) when (byId.Count > 1 && !context.CancellationToken.IsCancellationRequested)
        {
            await ConsumeOneByOneAsync(byId, context.CancellationToken);
        }

        if (keyless is not null)
        {
            throw NoKey();
        }
    }

    /// <summary>Each message in its own transaction; rethrows the first failure after all were tried.</summary>
    private async Task ConsumeOneByOneAsync(Dictionary<Guid, ConsumeContext<TMessage>> byId, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        foreach (var (id, message) in byId)
        {
            try
            {
                await inbox.ConsumeOnceAsync(id, InboxConsumerName.Of(GetType()), (db, ct) => HandleAsync([message], db, ct), cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure ??= ex;
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// The inbox key: the message id, else the event id (equal by the catalog's contract). The nil
    /// UUID is no id (a publisher's unset UUID field sends it): taken as a key, it would make every
    /// later such message a duplicate of the first, acknowledged with no effect.
    /// </summary>
    internal static Guid MessageIdOf(ConsumeContext<TMessage> context) =>
        KeyOf(context) ?? throw NoKey();

    private static InvalidOperationException NoKey() =>
        new($"A {typeof(TMessage).Name} arrived without a message id or an event id; it cannot be deduplicated.");

    private static Guid? KeyOf(ConsumeContext<TMessage> context) =>
        NonEmpty(context.MessageId) ?? NonEmpty((context.Message as IIntegrationEvent)?.EventId);

    private static Guid? NonEmpty(Guid? id) => id == Guid.Empty ? null : id;
}
