using Platform.Contracts.Events;
using Platform.Contracts.Experience.V1;

namespace Platform.Demo;

/// <summary>
/// What happens once an experience runs: feedback, the action list, the manual's steps and the
/// coach's meeting reports. Each is looked up first (feedback by professional, actions by title,
/// steps and reports by what is recorded), so a second run adds nothing.
/// </summary>
public sealed class ExperienceFollowUp(ExperienceService.ExperienceServiceClient experiences, NetworkIds ids)
{
    public async Task RunAsync(ExperiencePlan plan, Experience experience, DateOnly today, CancellationToken cancellationToken)
    {
        await FeedbackAsync(plan, experience.Id, cancellationToken);
        await ActionsAsync(plan, experience.Id, today, cancellationToken);
        if (plan.FollowsManual)
        {
            await StepsAsync(experience.Id, cancellationToken);
        }

        await ReportsAsync(plan, experience, cancellationToken);
    }

    private async Task FeedbackAsync(ExperiencePlan plan, string experienceId, CancellationToken cancellationToken)
    {
        var feedback = await Paging.AllAsync(async token =>
        {
            var page = await experiences.ListFeedbackAsync(new ListFeedbackRequest { ExperienceId = experienceId, PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Feedback.AsEnumerable(), page.NextPageToken);
        });
        var given = feedback.Select(f => f.ProfessionalId).ToHashSet(StringComparer.Ordinal);

        var missing = plan.Feedback.Where(f => !given.Contains(Professionals.IdOf(f.Person.Email)));
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (feedback, token) =>
            await experiences.SubmitFeedbackAsync(new SubmitFeedbackRequest
            {
                ExperienceId = experienceId, Email = feedback.Person.Email, Score = feedback.Score, WillAct = feedback.WillAct, Comment = feedback.Comment,
            }, cancellationToken: token));
    }

    private async Task ActionsAsync(ExperiencePlan plan, string experienceId, DateOnly today, CancellationToken cancellationToken)
    {
        var listed = await Paging.AllAsync(async token =>
        {
            var page = await experiences.ListActionsAsync(new ListActionsRequest { ExperienceId = experienceId, PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Actions.AsEnumerable(), page.NextPageToken);
        });
        foreach (var action in plan.Actions)
        {
            var existing = listed.FirstOrDefault(a => a.Title == action.Title) ?? await AddAsync(action, experienceId, today, cancellationToken);
            if (existing.Status != action.Status)
            {
                await experiences.UpdateActionAsync(new UpdateActionRequest { Id = existing.Id, ExpectedVersion = existing.Version, Status = action.Status }, cancellationToken: cancellationToken);
            }
        }
    }

    private async Task<ClimateAction> AddAsync(ActionPlan action, string experienceId, DateOnly today, CancellationToken cancellationToken)
    {
        var dueOn = PartnerJourney.Iso(today.AddDays(action.DueInDays));
        if (action.Committer is { } committer)
        {
            return await experiences.CommitToActionAsync(new CommitToActionRequest { ExperienceId = experienceId, Email = committer.Email, Title = action.Title, Theme = action.Theme, DueOn = dueOn }, cancellationToken: cancellationToken);
        }

        return await experiences.AddActionAsync(new AddActionRequest
        {
            ExperienceId = experienceId, PartnerId = ids.Organization(action.Partner), Title = action.Title, Theme = action.Theme, Owner = action.Owner, DueOn = dueOn,
        }, cancellationToken: cancellationToken);
    }

    /// <summary>Every open step, in the manual's order, so each phase completes as the manual says.</summary>
    private async Task StepsAsync(string experienceId, CancellationToken cancellationToken)
    {
        var progress = await experiences.GetProgressAsync(new GetProgressRequest { ExperienceId = experienceId }, cancellationToken: cancellationToken);
        var open = progress.Phases.SelectMany(phase => phase.Steps.Where(s => s.Status == StepStatus.Open).Select(step => (Phase: phase.Number, Step: step.Number)));
        foreach (var (phase, step) in open)
        {
            await experiences.CompleteStepAsync(new CompleteStepRequest { ExperienceId = experienceId, PhaseNumber = phase, StepNumber = step }, cancellationToken: cancellationToken);
        }
    }

    private async Task ReportsAsync(ExperiencePlan plan, Experience experience, CancellationToken cancellationToken)
    {
        if (plan.MeetingReports.Count == 0)
        {
            return;
        }

        var written = await experiences.ListMeetingReportsAsync(new ListMeetingReportsRequest { ExperienceId = experience.Id }, cancellationToken: cancellationToken);
        var author = ids.Expert(plan.Facilitators[0]);
        foreach (var (session, body) in experience.Sessions.OrderBy(s => s.Sequence).Zip(plan.MeetingReports))
        {
            if (written.Reports.All(r => r.SessionId != session.Id))
            {
                await experiences.WriteMeetingReportAsync(new WriteMeetingReportRequest { SessionId = session.Id, AuthorExpertId = author, Body = body }, cancellationToken: cancellationToken);
            }
        }
    }
}
