using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Partner.Data;
using Platform.Partner.Engagements;
using Platform.Partner.Interactions;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Partner.Erasure;

/// <summary>
/// The free text the staff wrote about an erased person's organizations and expert (interaction
/// summaries, engagement scopes), with the person's names and addresses replaced as the Experience
/// service replaces them (<see cref="PersonMentions"/>). A scope is also in the engagement's
/// <c>ExpertEngaged</c> and in stored replies: a changed engagement's unsent event is rewritten, its
/// sent copies are deleted and the replies naming it forgotten, as an erased expert's are.
/// </summary>
internal static class StaffTexts
{
    /// <summary>Redacts the texts about <paramref name="organizationIds"/> and <paramref name="expertIds"/>; returns how many rows changed.</summary>
    public static async Task<int> RedactAsync(PartnerDbContext db, PersonMentions mentions, IReadOnlyList<Guid> organizationIds, IReadOnlyList<Guid> expertIds, CancellationToken cancellationToken)
    {
        if (mentions.IsEmpty || (organizationIds.Count == 0 && expertIds.Count == 0))
        {
            return 0;
        }

        return await RedactInteractionsAsync(db, mentions, organizationIds, expertIds, cancellationToken)
            + await RedactScopesAsync(db, mentions, organizationIds, expertIds, cancellationToken);
    }

    private static async Task<int> RedactInteractionsAsync(PartnerDbContext db, PersonMentions mentions, IReadOnlyList<Guid> organizationIds, IReadOnlyList<Guid> expertIds, CancellationToken cancellationToken)
    {
        var limit = MaxLength(db, typeof(Interaction), nameof(Interaction.Summary));
        var interactions = await db.Interactions.AsNoTracking()
            .Where(i => (i.OrganizationId != null && organizationIds.Contains(i.OrganizationId.Value)) || (i.ExpertId != null && expertIds.Contains(i.ExpertId.Value)))
            .Select(i => new { i.Id, i.Summary })
            .ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var interaction in interactions)
        {
            var summary = mentions.Redact(interaction.Summary, limit);
            if (summary != interaction.Summary)
            {
                changed += await db.Interactions.Where(i => i.Id == interaction.Id).ExecuteUpdateAsync(i => i.SetProperty(x => x.Summary, summary), cancellationToken);
                await db.ForgetRepliesMentioningAsync(interaction.Id.ToString(), cancellationToken);
            }
        }

        return changed;
    }

    private static async Task<int> RedactScopesAsync(PartnerDbContext db, PersonMentions mentions, IReadOnlyList<Guid> organizationIds, IReadOnlyList<Guid> expertIds, CancellationToken cancellationToken)
    {
        var limit = MaxLength(db, typeof(Engagement), nameof(Engagement.Scope));
        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => organizationIds.Contains(e.OrganizationId) || expertIds.Contains(e.ExpertId))
            .Select(e => new { e.Id, e.Scope })
            .ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var engagement in engagements)
        {
            var scope = mentions.Redact(engagement.Scope, limit);
            if (scope != engagement.Scope)
            {
                var id = engagement.Id.ToString();
                changed += await db.Engagements.Where(e => e.Id == engagement.Id).ExecuteUpdateAsync(e => e.SetProperty(x => x.Scope, scope), cancellationToken);
                await db.ForgetRepliesMentioningAsync(id, cancellationToken);
                await db.RewriteUnsentEventsAsync<ExpertEngaged>(id, engaged => engaged with { Scope = scope }, cancellationToken);
                await db.DeleteSentEventsMentioningAsync(id, cancellationToken);
            }
        }

        return changed;
    }

    private static int? MaxLength(PartnerDbContext db, Type entity, string property) =>
        db.Model.FindEntityType(entity)?.FindProperty(property)?.GetMaxLength();
}
