using Platform.Contracts.Community.V1;
using Platform.Contracts.Partner.V1;

namespace Platform.Demo.Tests;

/// <summary>
/// Seeding again on a platform that has grown since: the seeder's things are then older than a page
/// of newer ones (lists are newest first), and are still found by their natural key.
/// </summary>
[Collection(DemoPlatform.Name)]
public sealed class SeedAfterManyTests(DemoFixture fixture)
{
    [Fact]
    public async Task Seeding_again_after_more_than_a_page_of_newer_news_items_adds_no_second_demo_news_item()
    {
        var cancel = TestContext.Current.CancellationToken;
        var community = fixture.Clients.Community;
        // Drafts: Reporting counts only published news, so the other tests' figures stay as they are.
        for (var i = 0; i < 501; i++)
        {
            await community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = $"Draft {i}", Summary = "An editor's draft", BodyMarkdown = "Not yet." }, cancellationToken: cancel);
        }

        await fixture.SeedAsync();

        var titles = new List<string>();
        var request = new ListNewsItemsRequest { PageSize = 500 };
        do
        {
            var page = await community.ListNewsItemsAsync(request, cancellationToken: cancel);
            titles.AddRange(page.Items.Select(i => i.Title));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.All(DemoCommunity.News, news => Assert.Equal(1, titles.Count(t => t == news.Title)));
    }

    /// <summary>The Partner service keeps one organization per name and region, whatever their case: the seeder finds it so too.</summary>
    [Fact]
    public async Task Seeding_again_finds_a_demo_organization_whose_region_differs_only_in_case()
    {
        var cancel = TestContext.Current.CancellationToken;
        var partner = fixture.Clients.Partner;
        var plan = DemoNetwork.Organizations.Single(o => o.Name == "Gemeente Amersfoort");
        var id = fixture.Seed.Network.Organization(plan.Name);
        var organization = await partner.GetOrganizationAsync(new GetOrganizationRequest { Id = id }, cancellationToken: cancel);
        // As an operator may have typed it before seeding.
        organization = await partner.UpdateOrganizationAsync(new UpdateOrganizationRequest
        {
            Id = id, ExpectedVersion = organization.Version, Name = plan.Name, Sector = plan.Sector, Region = plan.Region.ToLowerInvariant(), EmployeeCount = plan.Employees, Website = plan.Website,
        }, cancellationToken: cancel);
        try
        {
            var again = await fixture.SeedAsync();

            Assert.Equal(id, again.Network.Organization(plan.Name));
        }
        finally
        {
            await partner.UpdateOrganizationAsync(new UpdateOrganizationRequest
            {
                Id = id, ExpectedVersion = organization.Version, Name = plan.Name, Sector = plan.Sector, Region = plan.Region, EmployeeCount = plan.Employees, Website = plan.Website,
            }, cancellationToken: cancel);
        }
    }

    /// <summary>A moderator hid one of the demo's replies: seeding again must not post it anew.</summary>
    [Fact]
    public async Task Seeding_again_does_not_post_a_reply_a_moderator_hid_again()
    {
        var cancel = TestContext.Current.CancellationToken;
        var community = fixture.Clients.Community;
        var plan = DemoCommunity.Threads[0];
        var text = plan.Replies[0].Body;
        var space = (await community.ListSpacesAsync(new ListSpacesRequest { Kind = SpaceKind.Public }, cancellationToken: cancel)).Spaces.Single();
        var thread = (await community.ListThreadsAsync(new ListThreadsRequest { SpaceId = space.Id, PageSize = 500 }, cancellationToken: cancel)).Threads.Single(t => t.Title == plan.Title);
        var reply = (await community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, PageSize = 500 }, cancellationToken: cancel)).Posts.Single(p => p.BodyMarkdown == text);
        await community.HidePostAsync(new HidePostRequest { PostId = reply.Id, Reason = "Off topic" }, cancellationToken: cancel);

        await fixture.SeedAsync();

        var posts = await community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true, PageSize = 500 }, cancellationToken: cancel);
        Assert.Equal(1, posts.Posts.Count(p => p.BodyMarkdown == text));
    }

    /// <summary>A moderator hid the opening post of one of the demo's threads, which hides the thread: seeding again must not start it anew.</summary>
    [Fact]
    public async Task Seeding_again_does_not_start_a_thread_a_moderator_hid_again()
    {
        var cancel = TestContext.Current.CancellationToken;
        var community = fixture.Clients.Community;
        var plan = DemoCommunity.Threads[1];
        var space = (await community.ListSpacesAsync(new ListSpacesRequest { Kind = SpaceKind.Public }, cancellationToken: cancel)).Spaces.Single();
        var thread = (await community.ListThreadsAsync(new ListThreadsRequest { SpaceId = space.Id, PageSize = 500 }, cancellationToken: cancel)).Threads.Single(t => t.Title == plan.Title);
        await community.HidePostAsync(new HidePostRequest { PostId = thread.OpeningPost.Id, Reason = "Off topic" }, cancellationToken: cancel);

        await fixture.SeedAsync();

        var threads = await community.ListThreadsAsync(new ListThreadsRequest { SpaceId = space.Id, IncludeHidden = true, PageSize = 500 }, cancellationToken: cancel);
        Assert.Equal([thread.Id], threads.Threads.Where(t => t.Title == plan.Title).Select(t => t.Id));
    }
}
