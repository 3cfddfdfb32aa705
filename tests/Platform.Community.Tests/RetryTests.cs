using Google.Protobuf.WellKnownTypes;
using Platform.Contracts.Community.V1;

namespace Platform.Community.Tests;

/// <summary>A mutation retried with its request_id (its answer was lost) gets the first answer, and has one effect.</summary>
[Collection(CommunityServers.Name)]
public sealed class RetryTests(CommunityFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CommunityService.CommunityServiceClient Community => fixture.Community;

    [Fact]
    public async Task A_retried_update_gets_the_first_answer_and_changes_once()
    {
        var member = await fixture.SignUpAsync("Roos");
        var profile = new UpdateProfileRequest { Id = member.Id, FullName = "Roos Mulder", Role = "Alderman", ExpectedVersion = member.Version, RequestId = NewRequestId() };
        var news = await Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = "Retried", BodyMarkdown = "first" }, cancellationToken: Cancel);
        var newsUpdate = new UpdateNewsItemRequest { Id = news.Id, Title = "Retried once", BodyMarkdown = "second", ExpectedVersion = news.Version, RequestId = NewRequestId() };
        var social = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Draft" }, cancellationToken: Cancel);
        var socialUpdate = new UpdateSocialPostRequest { Id = social.Id, Text = "Draft, rewritten", ExpectedVersion = social.Version, RequestId = NewRequestId() };
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = ForumTests.PublicSpace, AuthorMemberId = member.Id, Title = "Retries", BodyMarkdown = "first" }, cancellationToken: Cancel);
        var edit = new EditPostRequest { PostId = thread.OpeningPost.Id, MemberId = member.Id, BodyMarkdown = "edited", ExpectedVersion = thread.OpeningPost.Version, RequestId = NewRequestId() };

        var profiles = (await Community.UpdateProfileAsync(profile, cancellationToken: Cancel), await Community.UpdateProfileAsync(profile, cancellationToken: Cancel));
        var newsItems = (await Community.UpdateNewsItemAsync(newsUpdate, cancellationToken: Cancel), await Community.UpdateNewsItemAsync(newsUpdate, cancellationToken: Cancel));
        var socialPosts = (await Community.UpdateSocialPostAsync(socialUpdate, cancellationToken: Cancel), await Community.UpdateSocialPostAsync(socialUpdate, cancellationToken: Cancel));
        var posts = (await Community.EditPostAsync(edit, cancellationToken: Cancel), await Community.EditPostAsync(edit, cancellationToken: Cancel));

        Assert.Equal(profiles.Item1, profiles.Item2);
        Assert.Equal(member.Version + 1, (await Community.GetMemberAsync(new GetMemberRequest { Id = member.Id }, cancellationToken: Cancel)).Version);
        Assert.Equal(newsItems.Item1, newsItems.Item2);
        Assert.Equal(news.Version + 1, (await Community.GetNewsItemAsync(new GetNewsItemRequest { Id = news.Id }, cancellationToken: Cancel)).Version);
        Assert.Equal(socialPosts.Item1, socialPosts.Item2);
        Assert.Equal(social.Version + 1, (await Community.GetSocialPostAsync(new GetSocialPostRequest { Id = social.Id }, cancellationToken: Cancel)).Version);
        Assert.Equal(posts.Item1, posts.Item2);
        var opening = (await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id }, cancellationToken: Cancel)).Posts.Single();
        Assert.Equal(("edited", thread.OpeningPost.Version + 1), (opening.BodyMarkdown, opening.Version));
    }

    [Fact]
    public async Task A_schedule_retried_after_its_time_has_passed_gets_the_first_answer()
    {
        var news = await Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = "Soon " + Guid.NewGuid().ToString("N")[..8], BodyMarkdown = "b" }, cancellationToken: Cancel);
        var social = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Soon " + Guid.NewGuid().ToString("N") }, cancellationToken: Cancel);
        var at = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(1));
        var scheduleNews = new ScheduleNewsItemRequest { Id = news.Id, PublishAt = at, RequestId = NewRequestId() };
        var scheduleSocial = new ScheduleSocialPostRequest { Id = social.Id, PublishAt = at, RequestId = NewRequestId() };
        var newsFirst = await Community.ScheduleNewsItemAsync(scheduleNews, cancellationToken: Cancel);
        var socialFirst = await Community.ScheduleSocialPostAsync(scheduleSocial, cancellationToken: Cancel);

        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);
        var newsAgain = await Community.ScheduleNewsItemAsync(scheduleNews, cancellationToken: Cancel);
        var socialAgain = await Community.ScheduleSocialPostAsync(scheduleSocial, cancellationToken: Cancel);

        Assert.Equal(newsFirst, newsAgain);
        Assert.Equal(socialFirst, socialAgain);
    }

    private static string NewRequestId() => Guid.NewGuid().ToString();
}
