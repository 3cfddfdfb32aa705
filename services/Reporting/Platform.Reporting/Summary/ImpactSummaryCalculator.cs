using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting.V1;
using Platform.Reporting.Data;
using Platform.Reporting.Ingest;
using Platform.Reporting.Pipeline;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Reporting.Summary;

/// <summary>
/// Computes the impact summary from the counters and the small read models (organizations, actions,
/// members): a handful of short queries, never a count over the reach ledger.
/// </summary>
public sealed class ImpactSummaryCalculator(ReportingDbContext db, NetworkCalendar calendar)
{
    public async Task<ImpactSummary> ComputeAsync(CancellationToken cancellationToken)
    {
        var today = calendar.Today();
        var totals = await db.Figures.AsNoTracking()
            .GroupBy(f => new { f.Metric, f.Dimension })
            .Select(g => new Total(g.Key.Metric, g.Key.Dimension, g.Sum(f => f.Value)))
            .ToListAsync(cancellationToken);
        var windowStart = today.AddDays(1 - GoalProjection.RateWindowDays);
        var reachedInWindow = (long)await db.Figures.AsNoTracking()
            .Where(f => f.Metric == Metrics.Reached && f.Day >= windowStart && f.Day <= today)
            .SumAsync(f => f.Value, cancellationToken);
        var reached = Count(totals, Metrics.Reached);
        var goal = GoalProjection.Of(reached, reachedInWindow, today, reached >= GoalProjection.Goal ? await GoalMetOnAsync(cancellationToken) : null);
        var summary = new ImpactSummary
        {
            ProfessionalsReached = reached,
            Goal = GoalProjection.Goal,
            GoalPercentage = GoalProjection.Percentage(reached),
            MonthsRemaining = goal.MonthsRemaining,
            ReachedLast90Days = reachedInWindow,
            Trailing90DayRate = Math.Round(goal.RatePerDay, 4),
            ProjectedGoalDate = Fields.Format(goal.ProjectedDate),
            OnTrack = goal.OnTrack,
            Attendances = Count(totals, Metrics.Attendances),
            ParticipantHours = (double)Sum(totals, Metrics.ParticipantHours),
            Nps = Figures.Nps(Count(totals, Metrics.Feedback, Metrics.Promoter), Count(totals, Metrics.Feedback, Metrics.Passive), Count(totals, Metrics.Feedback, Metrics.Detractor)),
            Today = Fields.Format(today),
            ComputedAt = Timestamp.FromDateTimeOffset(calendar.Now()),
        };
        summary.ReachedByChannel.AddRange(totals.Where(t => t.Metric == Metrics.Reached && t.Value != 0).OrderBy(t => t.Dimension, StringComparer.Ordinal)
            .Select(t => new ChannelReach { Channel = t.Dimension, Professionals = (long)t.Value }));
        await AddActionsAsync(summary, today, cancellationToken);
        summary.Pipeline = await PipelineAsync(totals, cancellationToken);
        summary.PartnersByStage.AddRange(await db.Organizations.AsNoTracking().Where(o => o.Stage != Organization.StageUnknown).GroupBy(o => o.Stage).OrderBy(g => g.Key)
            .Select(g => new StageCount { Stage = g.Key, Organizations = g.LongCount() }).ToListAsync(cancellationToken));
        summary.Community = await CommunityAsync(totals, today, cancellationToken);
        return summary;
    }

    /// <summary>The day the goal was met: the professionals first reached per day, summed from the first (a few thousand days at most).</summary>
    private async Task<DateOnly?> GoalMetOnAsync(CancellationToken cancellationToken) =>
        GoalProjection.MetOn((await db.Figures.AsNoTracking()
            .Where(f => f.Metric == Metrics.Reached)
            .GroupBy(f => f.Day)
            .Select(g => new { Day = g.Key, Value = g.Sum(f => f.Value) })
            .ToListAsync(cancellationToken)).Select(d => (d.Day, d.Value)));

    private async Task AddActionsAsync(ImpactSummary summary, DateOnly today, CancellationToken cancellationToken)
    {
        var rows = await db.Actions.AsNoTracking()
            .GroupBy(a => new { a.Theme, a.Status })
            .Select(g => new { g.Key.Theme, g.Key.Status, Count = g.LongCount(), Overdue = g.LongCount(a => a.DueOn < today && (a.Status == "Open" || a.Status == "InProgress")) })
            .ToListAsync(cancellationToken);
        summary.Actions = Figures.Actions(rows.Select(r => (r.Status, r.Count, r.Overdue)));
        summary.ActionsByTheme.AddRange(rows.GroupBy(r => r.Theme).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ThemeActions { Theme = g.Key, Actions = Figures.Actions(g.Select(r => (r.Status, r.Count, r.Overdue))) }));
    }

    private async Task<PipelineFigures> PipelineAsync(List<Total> totals, CancellationToken cancellationToken)
    {
        // Converted among the leads entered: a PartnerJoined taken in before its OrganizationRegistered waits for it.
        var entered = await db.Organizations.LongCountAsync(o => o.EnteredStage == Organization.Lead, cancellationToken);
        var converted = await db.Organizations.LongCountAsync(o => o.EnteredStage == Organization.Lead && o.ConvertedFromLead, cancellationToken);
        var engagements = await db.Engagements.LongCountAsync(cancellationToken);
        var completed = await db.Engagements.LongCountAsync(e => e.LoggedHours != null, cancellationToken);
        var pipeline = new PipelineFigures
        {
            LeadsEntered = entered,
            LeadsConverted = converted,
            ConversionPercentage = Figures.Percentage(converted, entered),
            Experts = Count(totals, Metrics.Experts),
            Engagements = engagements,
            EngagementsCompleted = completed,
            CoachingHours = (double)Sum(totals, Metrics.CoachingHours),
        };
        pipeline.PartnersBySector.AddRange(await db.Organizations.AsNoTracking().Where(o => o.Stage == "Partner").GroupBy(o => o.Sector).OrderBy(g => g.Key)
            .Select(g => new SectorCount { Sector = g.Key, Organizations = g.LongCount() }).ToListAsync(cancellationToken));
        return pipeline;
    }

    /// <summary>Members now, and those of them active on the forum: an erased member is neither, whenever their posts arrive.</summary>
    private async Task<CommunityFigures> CommunityAsync(List<Total> totals, DateOnly today, CancellationToken cancellationToken)
    {
        var activeSince = today.AddDays(-29);
        return new CommunityFigures
        {
            Members = await db.Members.LongCountAsync(m => m.ErasedAt == null, cancellationToken),
            NewsPublished = Count(totals, Metrics.NewsPublished),
            SocialPostsPublished = Count(totals, Metrics.SocialPostsPublished),
            ActiveForumMembers = await db.ForumActivity
                .Where(a => a.Day >= activeSince && a.Day <= today && !db.Members.Any(m => m.MemberId == a.MemberId && m.ErasedAt != null))
                .Select(a => a.MemberId).Distinct().LongCountAsync(cancellationToken),
            ForumThreads = Count(totals, Metrics.ForumThreads),
            ForumPosts = Count(totals, Metrics.ForumPosts),
            Groups = Count(totals, Metrics.Groups),
        };
    }

    private static decimal Sum(List<Total> totals, string metric, string? dimension = null) =>
        totals.Where(t => t.Metric == metric && (dimension is null || t.Dimension == dimension)).Sum(t => t.Value);

    private static long Count(List<Total> totals, string metric, string? dimension = null) => (long)Sum(totals, metric, dimension);

    private sealed record Total(string Metric, string Dimension, decimal Value);
}
