using Platform.Contracts.Reporting.V1;

namespace Platform.Demo.Tests;

/// <summary>Reporting takes the events in within seconds: waits until the last figures to arrive are there.</summary>
internal static class Settled
{
    public static async Task<ImpactSummary> SummaryAsync(ReportingService.ReportingServiceClient reporting, ExpectedFigures expected)
    {
        var cancel = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var summary = await reporting.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: cancel);
            var actions = summary.Actions.Done + summary.Actions.Open + summary.Actions.InProgress + summary.Actions.Dropped;
            var settled = summary.Attendances == expected.Attendances && summary.Community.Members == expected.Members
                && summary.Community.Groups == expected.Groups && summary.Community.ForumPosts == expected.Replies
                && summary.Nps.Responses == expected.Scores.Count && actions == expected.Actions.Count;
            if (settled || DateTime.UtcNow > deadline)
            {
                // One more refresh, so a counter a moment behind the others is not missed.
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancel);
                return await reporting.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: cancel);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancel);
        }
    }
}
