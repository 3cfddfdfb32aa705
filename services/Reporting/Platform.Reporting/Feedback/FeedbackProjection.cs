using Platform.Contracts.Events;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Feedback;

/// <summary>Feedback counts once per professional and experience: a higher revision replaces the lower, in whatever order they arrive.</summary>
public sealed class FeedbackSubmittedProjection : IProjection<FeedbackSubmitted>
{
    public async Task ApplyAsync(FeedbackSubmitted evt, Projection projection, CancellationToken cancellationToken)
    {
        if (evt.Score is < 0 or > 10)
        {
            throw new InvalidOperationException($"Feedback {evt.FeedbackId} revision {evt.Revision} has score {evt.Score}, outside 0-10.");
        }

        var record = await projection.LockedAsync(projection.Db.Feedback, "feedback", "FeedbackId", evt.FeedbackId, cancellationToken);
        if (record is not null && record.Revision >= evt.Revision)
        {
            return;
        }

        var day = projection.DayOf(evt.OccurredAt);
        if (record is null)
        {
            record = new FeedbackRecord
            {
                FeedbackId = evt.FeedbackId, Revision = evt.Revision, ExperienceId = evt.ExperienceId, ExperienceKind = evt.ExperienceKind, FormatId = evt.FormatId,
                HostPartnerIds = [.. evt.HostPartnerIds], ProfessionalId = evt.ProfessionalId, Score = evt.Score, WillAct = evt.WillAct, Comment = evt.Comment, Day = day,
            };
            projection.Db.Feedback.Add(record);
        }
        else
        {
            projection.Figures.Add(Metrics.Feedback, record.Day, -1, Metrics.NpsCategory(record.Score));
            (record.Revision, record.Score, record.WillAct, record.Comment, record.Day) = (evt.Revision, evt.Score, evt.WillAct, evt.Comment, day);
            (record.ExperienceKind, record.FormatId, record.HostPartnerIds) = (evt.ExperienceKind, evt.FormatId, [.. evt.HostPartnerIds]);
        }

        projection.Figures.Add(Metrics.Feedback, day, 1, Metrics.NpsCategory(evt.Score));
    }
}
