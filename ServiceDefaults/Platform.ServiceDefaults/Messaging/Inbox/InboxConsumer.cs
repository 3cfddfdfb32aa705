using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Platform.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// The base of every consumer with an effect: the effect (and any events it adds to the outbox)
/// commits together with the message id in the inbox, so a redelivered or duplicated message is
/// acknowledged with no second effect. A failure rolls all of it back; MassTransit retries, then
/// moves the message to <c>&lt;queue&gt;_error</c>. For batches see <see cref="InboxBatchConsumer{TMessage, TContext}"/>.
/// </summary>
public abstract class InboxConsumer<TMessage, TContext>(Inbox<TContext> inbox) : IConsumer<TMessage>
    where TMessage : class
    where TContext : DbContext
{
    /// <summary>The effect: change <paramref name="db"/> and add events to its outbox; the base saves and commits.</summary>
    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, TContext db, CancellationToken cancellationToken);

    public Task Consume(ConsumeContext<TMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = InboxBatchConsumer<TMessage, TContext>.MessageIdOf(context);
        return inbox.ConsumeOnceAsync(messageId, InboxConsumerName.Of(GetType()), (db, ct) => HandleAsync(context, db, ct), context.CancellationToken);
    }
}
