using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Events;
using Platform.Partner.Data;
using Platform.Partner.Experts;
using Platform.ServiceDefaults.Messaging.Inbox;

namespace Platform.Partner.Erasure;

/// <summary>
/// A member's erasure in the Community service erases the professional here too
/// (<see cref="ProfessionalErasure"/>), once per event: the inbox drops a redelivery. The cached
/// copies of the experts erased are deleted after the commit, as a change's are: deleted before
/// it, a read in between could put the old copy back for its 10 minutes. An event without a
/// professional id, or with one not of the catalog's form (64 lowercase hex digits), erases nothing.
/// </summary>
public sealed partial class MemberErasedConsumer(Inbox<PartnerDbContext> inbox, ProfessionalErasure erasure, ExpertCache expertCache, ILogger<MemberErasedConsumer> logger)
    : IConsumer<MemberErased>
{
    public async Task Consume(ConsumeContext<MemberErased> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var once = new Once(inbox, erasure, logger);
        await once.Consume(context);
        foreach (var expert in once.ErasedExperts)
        {
            await expertCache.InvalidateAsync(expert);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} erased: {Contacts} contacts and {Experts} experts erased here; {Texts} staff texts naming them redacted")]
    private static partial void LogErased(ILogger logger, Guid memberId, int contacts, int experts, int texts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MemberErased {EventId} for member {MemberId} names no professional id of the catalog's form (64 lowercase hex digits): nothing erased")]
    private static partial void LogNotAProfessionalId(ILogger logger, Guid memberId, Guid eventId);

    /// <summary>The erasure with the message id in the inbox, in one transaction.</summary>
    private sealed class Once(Inbox<PartnerDbContext> inbox, ProfessionalErasure erasure, ILogger logger)
        : InboxConsumer<MemberErased, PartnerDbContext>(inbox)
    {
        public IReadOnlyList<Guid> ErasedExperts { get; private set; } = [];

        protected override async Task HandleAsync(ConsumeContext<MemberErased> context, PartnerDbContext db, CancellationToken cancellationToken)
        {
            var erased = context.Message;
            ErasedExperts = [];
            if (string.IsNullOrEmpty(erased.ProfessionalId))
            {
                return;
            }

            if (!Professionals.IsId(erased.ProfessionalId))
            {
                LogNotAProfessionalId(logger, erased.MemberId, erased.EventId);
                return;
            }

            var outcome = await erasure.EraseAsync(erased.ProfessionalId, cancellationToken);
            ErasedExperts = outcome.Experts;
            LogErased(logger, erased.MemberId, outcome.Contacts, outcome.Experts.Count, outcome.TextsRedacted);
        }
    }
}
