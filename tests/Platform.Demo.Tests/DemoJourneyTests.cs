using Platform.Contracts.Experience.V1;
using Platform.Contracts.Reporting.V1;

namespace Platform.Demo.Tests;

/// <summary>The demo journey across the four services, and Reporting's figures of it, exactly.</summary>
[Collection(DemoPlatform.Name)]
public sealed class DemoJourneyTests(DemoFixture fixture)
{
    private readonly ExpectedFigures _expected = new(fixture.Seed);

    [Fact]
    public async Task Reporting_counts_each_professional_once_and_every_attendance()
    {
        var summary = await SettledSummaryAsync();

        // The climate team and part of the LEF-talk's audience were at the screening too.
        Assert.True(_expected.Reached < fixture.Seed.Experiences.Sum(p => p.Sessions.SelectMany(s => s.Attendees).Select(a => a.Email).Distinct().Count()));
        Assert.Equal(_expected.Reached, summary.ProfessionalsReached);
        Assert.Equal(_expected.Attendances, summary.Attendances);
        Assert.Equal(_expected.ParticipantHours, summary.ParticipantHours, 4);
        Assert.Equal(DemoFixture.MonthsRemaining, summary.MonthsRemaining);
        Assert.Equal(DemoFixture.ReportingToday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), summary.Today);
        Assert.Equal(Math.Round(_expected.Reached * 100.0 / 1_000_000, 6), Math.Round(summary.GoalPercentage, 6));
    }

    [Fact]
    public async Task Reporting_funnel_gives_the_no_show_rate_of_the_journey()
    {
        await SettledSummaryAsync();
        var funnel = await fixture.Reporting.GetFunnelAsync(new GetFunnelRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(_expected.Registered, funnel.Registered);
        Assert.Equal(_expected.Reached, funnel.Attended);
        Assert.Equal(_expected.GaveFeedback, funnel.GaveFeedback);
        Assert.Equal(_expected.Committed, funnel.CommittedToAction);
        Assert.Equal(_expected.CompletedAction, funnel.CompletedAction);
        Assert.Equal(_expected.NoShows, funnel.NoShows);
        Assert.Equal(_expected.NoShowPercentage, funnel.NoShowPercentage, 2);
    }

    [Fact]
    public async Task Reporting_nps_and_actions_per_theme_follow_the_answers_and_the_action_lists()
    {
        var summary = await SettledSummaryAsync();

        Assert.Equal(_expected.Scores.Count, summary.Nps.Responses);
        Assert.Equal(_expected.Promoters, summary.Nps.Promoters);
        Assert.Equal(_expected.Detractors, summary.Nps.Detractors);
        Assert.Equal(_expected.Nps, summary.Nps.Score, 2);
        foreach (var theme in new[] { ActionTheme.EnergyWater, ActionTheme.Waste, ActionTheme.PaperPurchasing, ActionTheme.Mobility })
        {
            var actual = summary.ActionsByTheme.Single(t => t.Theme == theme.ToString()).Actions;
            Assert.Equal(_expected.ActionsOf(theme), (actual.Open, actual.InProgress, actual.Done, actual.Dropped, actual.Overdue));
        }
    }

    [Fact]
    public async Task Reporting_pipeline_counts_every_stage_sector_and_engagement()
    {
        var summary = await SettledSummaryAsync();

        Assert.Equal(ExpectedFigures.OrganizationsByStage, summary.PartnersByStage.Where(s => s.Organizations > 0).ToDictionary(s => s.Stage, s => s.Organizations));
        Assert.Equal(ExpectedFigures.PartnersBySector, summary.Pipeline.PartnersBySector.Where(s => s.Organizations > 0).ToDictionary(s => s.Sector, s => s.Organizations));
        Assert.Equal(9, summary.Pipeline.LeadsEntered);
        Assert.Equal(ExpectedFigures.LeadsConverted, summary.Pipeline.LeadsConverted);
        Assert.Equal(4, summary.Pipeline.Experts);
        Assert.Equal(3, summary.Pipeline.Engagements);
        Assert.Equal(1, summary.Pipeline.EngagementsCompleted);
        Assert.Equal(ExpectedFigures.CoachingHours, summary.Pipeline.CoachingHours, 4);
    }

    [Fact]
    public async Task Reporting_community_figures_count_members_news_forum_and_groups_but_no_unsent_posts()
    {
        var summary = await SettledSummaryAsync();

        Assert.Equal(_expected.Members, summary.Community.Members);
        Assert.Equal(3, summary.Community.NewsPublished);
        Assert.Equal(0, summary.Community.SocialPostsPublished);
        Assert.Equal(_expected.Threads, summary.Community.ForumThreads);
        Assert.Equal(_expected.Replies, summary.Community.ForumPosts);
        Assert.Equal(_expected.Groups, summary.Community.Groups);
    }

    private Task<ImpactSummary> SettledSummaryAsync() => Settled.SummaryAsync(fixture.Reporting, _expected);
}
