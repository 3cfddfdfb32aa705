using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Experience.Actions;
using Platform.Experience.Data;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Experience.Erasure;

/// <summary>
/// The copies of a professional's data the service keeps besides its tables, dealt with in the
/// erasure's transaction: the stored replies to requests with a request id (a registration, a
/// cancellation, feedback, a commitment: they name the person), the events not sent yet, and the
/// events already sent (kept a week for operators). A stored reply that names the professional
/// becomes empty: a retry of that request gets an empty answer and is not done again. An unsent
/// event that carries their personal data is published without it (the same stand-ins as the
/// tables, <see cref="ErasedPerson"/>), in its place in its aggregate's order: subscribers still
/// count the registration, the feedback, the commitment. Sent ones are deleted. All are found by
/// the professional id, which every one of them holds as text; an action's title loses the
/// names of <see cref="Mentions"/> as the action does.
/// </summary>
internal static class ErasedProfessionalCopies
{
    public static async Task<int> RemoveAsync(ExperienceDbContext db, string professionalId, Mentions mentions, CancellationToken cancellationToken)
    {
        await db.ForgetRepliesMentioningAsync(professionalId, cancellationToken);
        var rewritten = await db.RewriteUnsentEventsAsync<ParticipantRegistered>(
            professionalId,
            registered => registered.ProfessionalId == professionalId && registered.Email != ErasedPerson.Nothing
                ? registered with { FullName = ErasedPerson.Name, Email = ErasedPerson.Nothing, OrganizationName = null, Role = null }
                : null,
            cancellationToken);
        rewritten += await db.RewriteUnsentEventsAsync<FeedbackSubmitted>(
            professionalId,
            feedback => feedback.ProfessionalId == professionalId && feedback.Comment is not null ? feedback with { Comment = null } : null,
            cancellationToken);
        rewritten += await db.RewriteUnsentEventsAsync<ActionCommitted>(
            professionalId,
            committed => committed.OwnerProfessionalId == professionalId ? committed with { Owner = ErasedPerson.Name, Title = mentions.Redact(committed.Title, ActionMessages.TitleLimit) } : null,
            cancellationToken);
        // A cancellation's reason is the participant's own words, or an organizer's about them.
        rewritten += await db.RewriteUnsentEventsAsync<RegistrationCancelled>(
            professionalId,
            cancelled => cancelled.ProfessionalId == professionalId && cancelled.Reason is not null ? cancelled with { Reason = null } : null,
            cancellationToken);
        await db.DeleteSentEventsMentioningAsync(professionalId, cancellationToken);
        return rewritten;
    }
}
