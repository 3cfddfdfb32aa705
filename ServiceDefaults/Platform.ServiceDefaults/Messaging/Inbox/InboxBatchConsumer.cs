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
        var messages = context.Message.ToList();
        var byId = new Dictionary<Guid, ConsumeContext<TMessage>>();
        foreach (var message in messages)
        {
            byId.TryAdd(MessageIdOf(message), message);
        }

        try
        {
            await inbox.ConsumeBatchOnceAsync([.. byId.Keys], InboxConsumerName.Of(GetType()), (db, fresh, ct) => HandleAsync([.. fresh.Select(id => byId[id])], db, ct), context.CancellationToken);
        }
        catch (Exception) when (byId.Count > 1 && !context.CancellationToken.IsCancellationRequested)
        {
            await ConsumeOneByOneAsync(byId, context.CancellationToken);
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
        NonEmpty(context.MessageId) ?? NonEmpty((context.Message as IIntegrationEvent)?.EventId)
        ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a message id or an event id; it cannot be deduplicated.");

    private static Guid? NonEmpty(Guid? id) => id == Guid.Empty ? null : id;
}
