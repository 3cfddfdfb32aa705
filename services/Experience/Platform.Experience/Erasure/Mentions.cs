using Microsoft.EntityFrameworkCore;
using Platform.Experience.Actions;
using Platform.Experience.Data;
using Platform.Experience.Feedback;
using Platform.Experience.Progress;
using Platform.ServiceDefaults.Data;

namespace Platform.Experience.Erasure;

/// <summary>
/// How the professional was written down here, read before their rows are anonymised: the names
/// and e-mail addresses they registered with, the names they own actions under, and the
/// experiences they took part in. Free text others wrote in those experiences (the coach's meeting
/// reports, the titles and owners on the action list, other participants' feedback comments) has
/// these replaced by <see cref="ErasedPerson.Name"/> by the rules of <see cref="PersonMentions"/>
/// (whole words, in any case, names of at least 4 characters); docs/experience.md says what an
/// operator does about the rest.
/// </summary>
public sealed class Mentions
{
    private readonly PersonMentions _person;

    private Mentions(IReadOnlyList<Guid> experienceIds, PersonMentions person)
    {
        ExperienceIds = experienceIds;
        _person = person;
    }

    /// <summary>The experiences the professional registered for, whatever became of the registration.</summary>
    public IReadOnlyList<Guid> ExperienceIds { get; }

    public static async Task<Mentions> OfAsync(ExperienceDbContext db, string professionalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var registered = await db.Registrations.AsNoTracking()
            .Where(r => r.ProfessionalId == professionalId)
            .Select(r => new { r.ExperienceId, r.FullName, r.Email })
            .ToListAsync(cancellationToken);
        var owners = await db.Actions.AsNoTracking().Where(a => a.OwnerProfessionalId == professionalId).Select(a => a.Owner).ToListAsync(cancellationToken);
        var person = PersonMentions.Of(registered.Select(r => r.FullName).Concat(owners), registered.Select(r => r.Email), ErasedPerson.Name);
        return new Mentions([.. registered.Select(r => r.ExperienceId).Distinct()], person);
    }

    /// <summary>
    /// <paramref name="text"/> without the professional's names and addresses, at most
    /// <paramref name="maxLength"/> long (the marker can be longer than a name it replaces).
    /// </summary>
    public string Redact(string text, int? maxLength = null) => _person.Redact(text, maxLength);

    /// <summary>Redacts the free text of <see cref="ExperienceIds"/>; returns how many rows changed.</summary>
    public async Task<int> RedactFreeTextAsync(ExperienceDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _person.IsEmpty || ExperienceIds.Count == 0
            ? 0
            : await RedactActionsAsync(db, now, cancellationToken) + await RedactReportsAsync(db, cancellationToken) + await RedactCommentsAsync(db, cancellationToken);
    }

    private async Task<int> RedactActionsAsync(ExperienceDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = ExperienceIds;
        var (titleLimit, ownerLimit) = (MaxLength(db, typeof(ClimateAction), nameof(ClimateAction.Title)), MaxLength(db, typeof(ClimateAction), nameof(ClimateAction.Owner)));
        var changed = 0;
        foreach (var action in await db.Actions.AsNoTracking().Where(a => ids.Contains(a.ExperienceId)).Select(a => new { a.Id, a.Title, a.Owner }).ToListAsync(cancellationToken))
        {
            var (title, owner) = (Redact(action.Title, titleLimit), Redact(action.Owner, ownerLimit));
            if (title != action.Title || owner != action.Owner)
            {
                // A new version, as for any change: an update prepared on the old one is read again.
                changed += await db.Actions.Where(a => a.Id == action.Id).ExecuteUpdateAsync(
                    a => a.SetProperty(x => x.Title, title).SetProperty(x => x.Owner, owner).SetProperty(x => x.Version, x => x.Version + 1).SetProperty(x => x.UpdatedAt, now),
                    cancellationToken);
            }
        }

        return changed;
    }

    private async Task<int> RedactReportsAsync(ExperienceDbContext db, CancellationToken cancellationToken)
    {
        var ids = ExperienceIds;
        var limit = MaxLength(db, typeof(MeetingReport), nameof(MeetingReport.Body));
        var changed = 0;
        foreach (var report in await db.MeetingReports.AsNoTracking().Where(r => ids.Contains(r.ExperienceId)).Select(r => new { r.SessionId, r.Body }).ToListAsync(cancellationToken))
        {
            var body = Redact(report.Body, limit);
            if (body != report.Body)
            {
                // Not a rewrite by a facilitator: the revision and the time it was written stay.
                changed += await db.MeetingReports.Where(r => r.SessionId == report.SessionId).ExecuteUpdateAsync(r => r.SetProperty(x => x.Body, body), cancellationToken);
            }
        }

        return changed;
    }

    private async Task<int> RedactCommentsAsync(ExperienceDbContext db, CancellationToken cancellationToken)
    {
        var ids = ExperienceIds;
        var limit = MaxLength(db, typeof(ParticipantFeedback), nameof(ParticipantFeedback.Comment));
        var changed = 0;
        foreach (var feedback in await db.Feedback.AsNoTracking().Where(f => ids.Contains(f.ExperienceId) && f.Comment != ErasedPerson.Nothing).Select(f => new { f.Id, f.Comment }).ToListAsync(cancellationToken))
        {
            var comment = Redact(feedback.Comment, limit);
            if (comment != feedback.Comment)
            {
                changed += await db.Feedback.Where(f => f.Id == feedback.Id).ExecuteUpdateAsync(f => f.SetProperty(x => x.Comment, comment), cancellationToken);
            }
        }

        return changed;
    }

    private static int? MaxLength(ExperienceDbContext db, Type entity, string property) =>
        db.Model.FindEntityType(entity)?.FindProperty(property)?.GetMaxLength();
}
