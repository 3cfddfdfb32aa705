using Platform.Contracts.Community.V1;
using Platform.Contracts.Experience.V1;
using Platform.Contracts.Partner.V1;
using Platform.Contracts.Reporting.V1;

namespace Platform.Demo.Tests;

/// <summary>Running the seeder on a seeded platform finds everything by its natural key and adds nothing.</summary>
[Collection(DemoPlatform.Name)]
public sealed class SeedTwiceTests(DemoFixture fixture)
{
    [Fact]
    public async Task Seeding_twice_duplicates_nothing_in_any_service_nor_in_the_figures()
    {
        // The first seed's last events may still be on their way to Reporting (this test can run first).
        var figuresBefore = await Settled.SummaryAsync(fixture.Reporting, new ExpectedFigures(fixture.Seed));
        var before = await CountAsync();

        var again = await fixture.SeedAsync();

        Assert.Equal(fixture.Seed.ExperienceIds, again.ExperienceIds);
        Assert.Equal(fixture.Seed.Network.Organizations, again.Network.Organizations);
        Assert.Equal(before, await CountAsync());
        // Nothing new was created (above), so no event should arrive; any that does would within this time.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var figuresAfter = await fixture.Reporting.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: TestContext.Current.CancellationToken);
        figuresBefore.ComputedAt = figuresAfter.ComputedAt = null;
        Assert.Equal(figuresBefore, figuresAfter);
    }

    /// <summary>How many of each thing the services hold, by name.</summary>
    private async Task<SortedDictionary<string, int>> CountAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (partner, experience, community) = (fixture.Clients.Partner, fixture.Clients.Experience, fixture.Clients.Community);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            ["organizations"] = (await partner.ListOrganizationsAsync(new ListOrganizationsRequest { PageSize = 500 }, cancellationToken: cancel)).Organizations.Count,
            ["experts"] = (await partner.FindExpertsAsync(new FindExpertsRequest { PageSize = 500 }, cancellationToken: cancel)).Matches.Count,
            ["news"] = (await community.ListNewsItemsAsync(new ListNewsItemsRequest { PageSize = 500 }, cancellationToken: cancel)).Items.Count,
            ["social posts"] = (await community.ListSocialPostsAsync(new ListSocialPostsRequest { PageSize = 500 }, cancellationToken: cancel)).Posts.Count,
            ["members"] = (await community.ListMembersAsync(new ListMembersRequest { PageSize = 500 }, cancellationToken: cancel)).Members.Count,
            ["experiences"] = (await experience.ListExperiencesAsync(new ListExperiencesRequest { PageSize = 500 }, cancellationToken: cancel)).Experiences.Count,
        };
        foreach (var (name, id) in fixture.Seed.Network.Organizations)
        {
            counts["contacts of " + name] = (await partner.ListContactsAsync(new ListContactsRequest { OrganizationId = id }, cancellationToken: cancel)).Contacts.Count;
            counts["engagements of " + name] = (await partner.ListEngagementsAsync(new ListEngagementsRequest { OrganizationId = id }, cancellationToken: cancel)).Engagements.Count;
            counts["interactions of " + name] = (await partner.ListInteractionsAsync(new ListInteractionsRequest { OrganizationId = id, PageSize = 500 }, cancellationToken: cancel)).Interactions.Count;
            counts["climate teams of " + name] = (await partner.ListClimateTeamsAsync(new ListClimateTeamsRequest { OrganizationId = id }, cancellationToken: cancel)).Teams.Count;
        }

        foreach (var (title, id) in fixture.Seed.ExperienceIds)
        {
            var found = await experience.GetExperienceAsync(new GetExperienceRequest { Id = id }, cancellationToken: cancel);
            counts["sessions of " + title] = found.Sessions.Count;
            counts["registrations of " + title] = (await experience.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = id, PageSize = 500 }, cancellationToken: cancel)).Registrations.Count;
            counts["feedback on " + title] = (await experience.ListFeedbackAsync(new ListFeedbackRequest { ExperienceId = id, PageSize = 500 }, cancellationToken: cancel)).Feedback.Count;
            counts["actions of " + title] = (await experience.ListActionsAsync(new ListActionsRequest { ExperienceId = id, PageSize = 500 }, cancellationToken: cancel)).Actions.Count;
            counts["meeting reports of " + title] = (await experience.ListMeetingReportsAsync(new ListMeetingReportsRequest { ExperienceId = id }, cancellationToken: cancel)).Reports.Count;
            counts["groups of " + title] = (await community.ListGroupsAsync(new ListGroupsRequest { ExperienceId = id }, cancellationToken: cancel)).Groups.Count;
        }

        var spaces = await community.ListSpacesAsync(new ListSpacesRequest { PageSize = 500 }, cancellationToken: cancel);
        foreach (var space in spaces.Spaces)
        {
            var threads = await community.ListThreadsAsync(new ListThreadsRequest { SpaceId = space.Id, PageSize = 500 }, cancellationToken: cancel);
            counts["threads in " + space.Name + " " + space.Id] = threads.Threads.Count;
            counts["posts in " + space.Name + " " + space.Id] = threads.Threads.Sum(t => t.ReplyCount);
        }

        return counts;
    }
}
