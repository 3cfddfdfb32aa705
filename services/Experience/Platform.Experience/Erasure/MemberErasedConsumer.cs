using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Events;
using Platform.Experience.Data;
using Platform.ServiceDefaults.Messaging.Inbox;

namespace Platform.Experience.Erasure;

/// <summary>
/// A member's erasure in the Community service erases the professional's data here too
/// (<see cref="ProfessionalErasure"/>), once per event: the inbox drops a redelivery, and an erasure
/// repeated finds nothing left to change. An event without a professional id (a member who never
/// registered) has nothing to erase here; one whose id is not of the catalog's form (64 lowercase
/// hex digits) is not acted on either: the copies are found by the id as text, and a fragment of
/// one would match other people's.
/// </summary>
public sealed partial class MemberErasedConsumer(Inbox<ExperienceDbContext> inbox, ProfessionalErasure erasure, ILogger<MemberErasedConsumer> logger)
    : InboxConsumer<MemberErased, ExperienceDbContext>(inbox)
{
    protected override async Task HandleAsync(ConsumeContext<MemberErased> context, ExperienceDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var erased = context.Message;
        if (string.IsNullOrEmpty(erased.ProfessionalId))
        {
            LogNothingToErase(logger, erased.MemberId);
            return;
        }

        if (!Professionals.IsId(erased.ProfessionalId))
        {
            LogNotAProfessionalId(logger, erased.MemberId, erased.EventId);
            return;
        }

        var outcome = await erasure.EraseAsync(erased.ProfessionalId, cancellationToken);
        LogErased(logger, erased.MemberId, outcome.PlacesGivenUp, outcome.Anonymised.Registrations, outcome.Anonymised.Feedback, outcome.Anonymised.Actions, outcome.MentionsRedacted, outcome.EventsRewritten);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} erased: {Places} places given up; {Registrations} registrations, {Feedback} feedback and {Actions} actions anonymised; {Mentions} texts mentioning them redacted; {Events} unsent events rewritten")]
    private static partial void LogErased(ILogger logger, Guid memberId, int places, int registrations, int feedback, int actions, int mentions, int events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {MemberId} erased without a professional id (never registered): nothing to erase here")]
    private static partial void LogNothingToErase(ILogger logger, Guid memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MemberErased {EventId} for member {MemberId} names no professional id of the catalog's form (64 lowercase hex digits): nothing erased")]
    private static partial void LogNotAProfessionalId(ILogger logger, Guid memberId, Guid eventId);
}
