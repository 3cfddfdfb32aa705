using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Community.V1;
using Platform.Hosting.Testing;

namespace Platform.Community.Tests;

/// <summary>Posts for the LinkedIn page: approval, the channel adapter against a local LinkedIn, retries, failures.</summary>
[Collection(CommunityServers.Name)]
public sealed class SocialPostTests(CommunityFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CommunityService.CommunityServiceClient Community => fixture.Community;

    [Fact]
    public async Task An_approved_post_goes_to_LinkedIn_as_the_page_with_its_text_escaped_and_is_announced()
    {
        await using var published = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:SocialPostPublished", Cancel);
        var marker = Guid.NewGuid().ToString("N");
        var news = await Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = "Beyond Zero", BodyMarkdown = "b" }, cancellationToken: Cancel);
        await Community.PublishNewsItemAsync(new ChangeNewsItemRequest { Id = news.Id }, cancellationToken: Cancel);
        var draft = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = $"Watch (again) #BeyondZero @100MTC {marker}", NewsItemId = news.Id, LinkUrl = "https://www.100monthstochange.example/news/beyond-zero" }, cancellationToken: Cancel);
        await Task.Delay(600, Cancel);
        var unsentDraft = fixture.LinkedIn.For(marker);

        var approved = await Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel);
        var post = await Eventually.ReachesAsync(() => Get(draft.Id), p => p.Status == SocialPostStatus.Published);
        var request = fixture.LinkedIn.For(marker).Single();
        var announcement = await published.NextAsync(m => m.Has("socialPostId", draft.Id), Cancel);
        var rewrite = await Assert.ThrowsAsync<RpcException>(() => Community.UpdateSocialPostAsync(new UpdateSocialPostRequest { Id = draft.Id, Text = "new", ExpectedVersion = post.Version }, cancellationToken: Cancel).ResponseAsync);
        var sending = await Eventually.ReachesAsync(
            () => Task.FromResult(fixture.App.Traces.Query("community").FirstOrDefault(s => s.Name == "send social post" && s.Attributes.GetValueOrDefault("platform.social_post.id") == draft.Id)),
            s => s is not null);

        Assert.Empty(unsentDraft);
        Assert.Equal(SocialPostStatus.Approved, approved.Status);
        Assert.Equal("community-manager", approved.ApprovedBy);
        Assert.Equal(1, post.Attempts);
        Assert.StartsWith("urn:li:share:", post.ExternalId, StringComparison.Ordinal);
        Assert.Equal($"https://www.linkedin.com/feed/update/{post.ExternalId}/", post.Url);
        Assert.Empty(post.DeliveryNote);
        Assert.Equal("Bearer " + FakeLinkedIn.Token, request.Authorization);
        Assert.Matches("^[0-9]{6}$", request.Version);
        Assert.Equal("2.0.0", request.RestliProtocol);
        Assert.Equal(FakeLinkedIn.Organization, request.Body.GetProperty("author").GetString());
        Assert.Equal($"Watch \\(again\\) \\#BeyondZero \\@100MTC {marker}", request.Commentary);
        Assert.Equal("PUBLIC", request.Body.GetProperty("visibility").GetString());
        Assert.Equal("PUBLISHED", request.Body.GetProperty("lifecycleState").GetString());
        Assert.Equal("Beyond Zero", request.Body.GetProperty("content").GetProperty("article").GetProperty("title").GetString());
        Assert.Equal(post.Url, announcement.GetProperty("url").GetString());
        Assert.Equal(news.Id, announcement.GetProperty("newsItemId").GetString());
        Assert.Equal("LinkedIn", announcement.GetProperty("channel").GetString());
        Assert.Equal(StatusCode.FailedPrecondition, rewrite.StatusCode);
        Assert.Contains(fixture.App.Traces.Query(traceId: sending!.TraceId), s => s.ParentSpanId == sending.SpanId && s.Kind == "Client" && s.Name.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failures_are_retried_with_back_off_then_the_post_fails_with_the_reason_and_a_refusal_is_not_retried()
    {
        var flaky = await ApprovedAsync("flaky " + Guid.NewGuid().ToString("N"));
        var broken = await ApprovedAsync("broken " + Guid.NewGuid().ToString("N"));
        var refused = await ApprovedAsync("refused " + Guid.NewGuid().ToString("N"));

        var recovered = await Eventually.ReachesAsync(() => Get(flaky.Id), p => p.Status == SocialPostStatus.Published);
        var failed = await Eventually.ReachesAsync(() => Get(broken.Id), p => p.Status == SocialPostStatus.Failed);
        var rejected = await Eventually.ReachesAsync(() => Get(refused.Id), p => p.Status == SocialPostStatus.Failed);
        var (flakyCalls, brokenCalls) = (fixture.LinkedIn.For(flaky.Text).Count, fixture.LinkedIn.For(broken.Text).Count);
        var retried = await Community.RetrySocialPostAsync(new ChangeSocialPostRequest { Id = broken.Id }, cancellationToken: Cancel);
        var retryPublished = await Assert.ThrowsAsync<RpcException>(() => Community.RetrySocialPostAsync(new ChangeSocialPostRequest { Id = flaky.Id }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(3, recovered.Attempts);
        Assert.Equal(3, flakyCalls);
        Assert.Equal(5, failed.Attempts);
        Assert.Equal(5, brokenCalls);
        Assert.Contains("All 5 attempts failed", failed.FailureReason, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", failed.FailureReason, StringComparison.Ordinal);
        Assert.Equal(1, rejected.Attempts);
        Assert.Contains("HTTP 401", rejected.FailureReason, StringComparison.Ordinal);
        Assert.Contains("Invalid access token", rejected.FailureReason, StringComparison.Ordinal);
        Assert.Equal((SocialPostStatus.Approved, 0), (retried.Status, retried.Attempts));
        Assert.Equal(StatusCode.FailedPrecondition, retryPublished.StatusCode);
    }

    [Fact]
    public async Task A_scheduled_post_waits_for_its_time_and_bad_input_names_its_fields()
    {
        var marker = Guid.NewGuid().ToString("N");
        var draft = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Later " + marker }, cancellationToken: Cancel);
        var at = DateTimeOffset.UtcNow.AddSeconds(3);
        await Community.ScheduleSocialPostAsync(new ScheduleSocialPostRequest { Id = draft.Id, PublishAt = Timestamp.FromDateTimeOffset(at) }, cancellationToken: Cancel);
        var approved = await Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel);
        await Task.Delay(1000, Cancel);
        var early = fixture.LinkedIn.For(marker).Count;
        var post = await Eventually.ReachesAsync(() => Get(draft.Id), p => p.Status == SocialPostStatus.Published);
        var twice = await Assert.ThrowsAsync<RpcException>(() => Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel).ResponseAsync);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = new string('x', 3001), LinkUrl = "javascript:alert(1)", NewsItemId = "nope" }, cancellationToken: Cancel).ResponseAsync);
        var unknownNews = await Assert.ThrowsAsync<RpcException>(() => Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "t", NewsItemId = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);

        Assert.StartsWith("waiting to be published at", approved.DeliveryNote, StringComparison.Ordinal);
        Assert.Equal(0, early);
        Assert.True(post.PublishedAt.ToDateTimeOffset() >= at.AddMilliseconds(-1));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Equal(["text", "link_url", "news_item_id"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.NotFound, unknownNews.StatusCode);
    }

    [Fact]
    public async Task A_post_rescheduled_while_LinkedIn_is_taking_it_is_sent_once_and_announced()
    {
        await using var published = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:SocialPostPublished", Cancel);
        var marker = "slow " + Guid.NewGuid().ToString("N");
        var approved = await ApprovedAsync(marker);
        await Eventually.ReachesAsync(() => Task.FromResult(fixture.LinkedIn.For(marker).Count), n => n > 0);

        // While LinkedIn takes its time to answer, the post's time is changed (here: cleared).
        var rescheduled = await Community.ScheduleSocialPostAsync(new ScheduleSocialPostRequest { Id = approved.Id }, cancellationToken: Cancel);
        var post = await Eventually.ReachesAsync(() => Get(approved.Id), p => p.Status == SocialPostStatus.Published);
        var announcement = await published.NextAsync(m => m.Has("socialPostId", approved.Id), Cancel);

        Assert.Equal(SocialPostStatus.Approved, rescheduled.Status);
        Assert.Equal(SocialPostStatus.Published, post.Status);
        Assert.Equal(1, post.Attempts);
        Assert.Equal(post.Url, announcement.GetProperty("url").GetString());
        Assert.Single(fixture.LinkedIn.For(marker));
    }

    [Fact]
    public async Task A_post_LinkedIn_took_whose_answer_was_lost_is_found_on_the_page_and_not_sent_again()
    {
        await using var published = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:SocialPostPublished", Cancel);
        var marker = "lost-answer " + Guid.NewGuid().ToString("N");

        // LinkedIn creates the post at once but answers after the channel's time-out: the first attempt fails, the post is there.
        var approved = await ApprovedAsync(marker);
        var post = await Eventually.ReachesAsync(() => Get(approved.Id), p => p.Status != SocialPostStatus.Approved, TimeSpan.FromSeconds(40));
        var sent = fixture.LinkedIn.For(marker);
        Assert.Equal((SocialPostStatus.Published, 1), (post.Status, sent.Count));
        var announcement = await published.NextAsync(m => m.Has("socialPostId", approved.Id), Cancel);

        Assert.Equal(2, post.Attempts);
        Assert.StartsWith("urn:li:share:", post.ExternalId, StringComparison.Ordinal);
        Assert.Equal($"https://www.linkedin.com/feed/update/{post.ExternalId}/", post.Url);
        Assert.Equal(post.Url, announcement.GetProperty("url").GetString());
        Assert.Contains(fixture.LinkedIn.Lookups, q => q.Contains("q=author", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rescheduling_an_approved_post_says_its_new_time_in_the_delivery_note()
    {
        var draft = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Next week " + Guid.NewGuid().ToString("N") }, cancellationToken: Cancel);
        var first = DateTimeOffset.UtcNow.AddDays(1);
        var later = first.AddDays(1);
        await Community.ScheduleSocialPostAsync(new ScheduleSocialPostRequest { Id = draft.Id, PublishAt = Timestamp.FromDateTimeOffset(first) }, cancellationToken: Cancel);
        var approved = await Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel);

        var rescheduled = await Community.ScheduleSocialPostAsync(new ScheduleSocialPostRequest { Id = draft.Id, PublishAt = Timestamp.FromDateTimeOffset(later) }, cancellationToken: Cancel);
        var read = await Get(draft.Id);

        Assert.Equal($"waiting to be published at {first:u}", approved.DeliveryNote);
        Assert.Equal($"waiting to be published at {later:u}", rescheduled.DeliveryNote);
        Assert.Equal(rescheduled.DeliveryNote, read.DeliveryNote);
    }

    [Fact]
    public async Task Once_the_channel_is_configured_a_post_approved_without_it_says_what_it_waits_for()
    {
        var draft = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Approved while unconfigured " + Guid.NewGuid().ToString("N") }, cancellationToken: Cancel);
        var at = DateTimeOffset.UtcNow.AddDays(1);
        await Community.ScheduleSocialPostAsync(new ScheduleSocialPostRequest { Id = draft.Id, PublishAt = Timestamp.FromDateTimeOffset(at) }, cancellationToken: Cancel);
        await Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel);

        // What a run of the service without LinkedIn's settings left on the post (UnconfiguredChannelTests).
        await fixture.QueryAsync(
            "UPDATE social_posts SET \"DeliveryNote\" = 'channel not configured: set Community:LinkedIn:AccessToken; the post stays approved until then' WHERE \"Id\" = $1",
            Guid.Parse(draft.Id));
        var post = await Eventually.ReachesAsync(() => Get(draft.Id), p => !p.DeliveryNote.StartsWith("channel not configured", StringComparison.Ordinal));

        Assert.Equal(SocialPostStatus.Approved, post.Status);
        Assert.Equal($"waiting to be published at {at:u}", post.DeliveryNote);
    }

    [Fact]
    public async Task A_post_sharing_a_news_item_is_held_until_the_item_is_published_then_goes_out_with_its_title()
    {
        var marker = Guid.NewGuid().ToString("N");
        var news = await Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = "Embargoed: the new cohort", BodyMarkdown = "b" }, cancellationToken: Cancel);
        var draft = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Read the news " + marker, NewsItemId = news.Id, LinkUrl = "https://www.100monthstochange.example/news/cohort" }, cancellationToken: Cancel);

        var approved = await Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel);
        await Task.Delay(1000, Cancel);
        var held = await Get(draft.Id);
        var early = fixture.LinkedIn.For(marker).Count;
        await Community.PublishNewsItemAsync(new ChangeNewsItemRequest { Id = news.Id }, cancellationToken: Cancel);
        var post = await Eventually.ReachesAsync(() => Get(draft.Id), p => p.Status == SocialPostStatus.Published);

        Assert.Equal(0, early);
        Assert.Equal((SocialPostStatus.Approved, 0), (held.Status, held.Attempts));
        Assert.Contains("held until news item 'Embargoed: the new cohort' is published", held.DeliveryNote, StringComparison.Ordinal);
        Assert.Equal(held.DeliveryNote, approved.DeliveryNote);
        Assert.Equal(1, post.Attempts);
        Assert.Equal("Embargoed: the new cohort", fixture.LinkedIn.For(marker).Single().Body.GetProperty("content").GetProperty("article").GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_post_sharing_a_retracted_news_item_is_not_sent_and_fails_naming_the_retraction()
    {
        var marker = Guid.NewGuid().ToString("N");
        var news = await Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = "Partner joins", BodyMarkdown = "b" }, cancellationToken: Cancel);
        await Community.PublishNewsItemAsync(new ChangeNewsItemRequest { Id = news.Id }, cancellationToken: Cancel);
        var draft = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Welcome " + marker, NewsItemId = news.Id }, cancellationToken: Cancel);
        await Community.ScheduleSocialPostAsync(new ScheduleSocialPostRequest { Id = draft.Id, PublishAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(2)) }, cancellationToken: Cancel);
        await Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel);
        var drafted = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Still a draft " + marker, NewsItemId = news.Id }, cancellationToken: Cancel);
        await Community.RetractNewsItemAsync(new RetractNewsItemRequest { Id = news.Id, Reason = "the partner asked us to wait" }, cancellationToken: Cancel);

        var post = await Eventually.ReachesAsync(() => Get(draft.Id), p => p.Status != SocialPostStatus.Approved);
        await Task.Delay(2500, Cancel);
        var retry = await Assert.ThrowsAsync<RpcException>(() => Community.RetrySocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel).ResponseAsync);
        var create = await Assert.ThrowsAsync<RpcException>(() => Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Again " + marker, NewsItemId = news.Id }, cancellationToken: Cancel).ResponseAsync);
        var approve = await Assert.ThrowsAsync<RpcException>(() => Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = drafted.Id }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(SocialPostStatus.Failed, post.Status);
        Assert.Equal((StatusCode.FailedPrecondition, StatusCode.FailedPrecondition, StatusCode.FailedPrecondition), (retry.StatusCode, create.StatusCode, approve.StatusCode));
        Assert.Contains("news item 'Partner joins' was retracted", approve.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("news item 'Partner joins' was retracted", post.FailureReason, StringComparison.Ordinal);
        Assert.Contains("the partner asked us to wait", post.FailureReason, StringComparison.Ordinal);
        Assert.Empty(fixture.LinkedIn.For(marker));
    }

    private async Task<SocialPost> ApprovedAsync(string text)
    {
        var draft = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = text }, cancellationToken: Cancel);
        return await Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel);
    }

    private Task<SocialPost> Get(string id) => Community.GetSocialPostAsync(new GetSocialPostRequest { Id = id }, cancellationToken: Cancel).ResponseAsync;
}
