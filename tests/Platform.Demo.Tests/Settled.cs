using Platform.Contracts.Experience.V1;
using Platform.Contracts.Reporting.V1;

namespace Platform.Demo.Tests;

/// <summary>
/// Reporting takes the events in within seconds, each kind on its own queue: waits until every
/// figure the tests check has arrived (the summary's and the funnel's), or 90 s have passed and the
/// tests compare what is there.
/// </summary>
internal static class Settled
{
    private static readonly ActionTheme[] Themes = [ActionTheme.EnergyWater, ActionTheme.Waste, ActionTheme.PaperPurchasing, ActionTheme.Mobility];

    public static async Task<ImpactSummary> SummaryAsync(ReportingService.ReportingServiceClient reporting, ExpectedFigures expected)
    {
        var cancel = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var summary = await reporting.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: cancel);
            var funnel = await reporting.GetFunnelAsync(new GetFunnelRequest(), cancellationToken: cancel);
            if (Arrived(summary, funnel, expected) || DateTime.UtcNow > deadline)
            {
                return summary;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancel);
        }
    }

    /// <summary>Every count the events move: attendances and no-shows, members, groups, replies, answers, and each theme's actions by status.</summary>
    private static bool Arrived(ImpactSummary summary, Funnel funnel, ExpectedFigures expected) =>
        summary.Attendances == expected.Attendances && funnel.NoShows == expected.NoShows
        && funnel.CompletedAction == expected.CompletedAction && funnel.GaveFeedback == expected.GaveFeedback
        && summary.Community.Members == expected.Members && summary.Community.Groups == expected.Groups
        && summary.Community.ForumPosts == expected.Replies && summary.Nps.Responses == expected.Scores.Count
        && Themes.All(theme => summary.ActionsByTheme.SingleOrDefault(t => t.Theme == theme.ToString())?.Actions is { } actions
            && (actions.Open, actions.InProgress, actions.Done, actions.Dropped, actions.Overdue) == expected.ActionsOf(theme));
}
