using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Community.V1;

namespace Platform.Community.Tests;

/// <summary>An update names the version it read: left out (0) or negative, it is the request's mistake, not a conflict to read again for.</summary>
[Collection(CommunityServers.Name)]
public sealed class VersionTests(CommunityFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CommunityService.CommunityServiceClient Community => fixture.Community;

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task An_update_without_the_version_it_read_is_InvalidArgument_naming_expected_version_and_changes_nothing(int expectedVersion)
    {
        var member = await fixture.SignUpAsync("Ilse");
        var news = await Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = "Versions " + Guid.NewGuid().ToString("N")[..8], BodyMarkdown = "first" }, cancellationToken: Cancel);
        var social = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Versions " + Guid.NewGuid().ToString("N") }, cancellationToken: Cancel);
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = ForumTests.PublicSpace, AuthorMemberId = member.Id, Title = "Versions", BodyMarkdown = "first" }, cancellationToken: Cancel);

        RpcException[] errors =
        [
            await RefusedAsync(Community.UpdateProfileAsync(new UpdateProfileRequest { Id = member.Id, FullName = "Ilse de Boer", ExpectedVersion = expectedVersion }, cancellationToken: Cancel).ResponseAsync),
            await RefusedAsync(Community.UpdateNewsItemAsync(new UpdateNewsItemRequest { Id = news.Id, Title = news.Title, BodyMarkdown = "second", ExpectedVersion = expectedVersion }, cancellationToken: Cancel).ResponseAsync),
            await RefusedAsync(Community.UpdateSocialPostAsync(new UpdateSocialPostRequest { Id = social.Id, Text = "Rewritten", ExpectedVersion = expectedVersion }, cancellationToken: Cancel).ResponseAsync),
            await RefusedAsync(Community.EditPostAsync(new EditPostRequest { PostId = thread.OpeningPost.Id, MemberId = member.Id, BodyMarkdown = "edited", ExpectedVersion = expectedVersion }, cancellationToken: Cancel).ResponseAsync),
        ];

        Assert.All(errors, e => Assert.Equal((StatusCode.InvalidArgument, "expected_version"), (e.StatusCode, e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field)));
        Assert.Equal(member.Version, (await Community.GetMemberAsync(new GetMemberRequest { Id = member.Id }, cancellationToken: Cancel)).Version);
        Assert.Equal(news, await Community.GetNewsItemAsync(new GetNewsItemRequest { Id = news.Id }, cancellationToken: Cancel));
        Assert.Equal(social, await Community.GetSocialPostAsync(new GetSocialPostRequest { Id = social.Id }, cancellationToken: Cancel));
        Assert.Equal("first", (await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id }, cancellationToken: Cancel)).Posts.Single().BodyMarkdown);
    }

    [Fact]
    public async Task A_social_post_rewritten_from_an_old_copy_is_Aborted_naming_both_versions_and_keeps_the_newer_text()
    {
        var draft = await Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Versions " + Guid.NewGuid().ToString("N") }, cancellationToken: Cancel);

        var first = await Community.UpdateSocialPostAsync(new UpdateSocialPostRequest { Id = draft.Id, Text = "First editor's text", ExpectedVersion = draft.Version }, cancellationToken: Cancel);
        var stale = await RefusedAsync(Community.UpdateSocialPostAsync(new UpdateSocialPostRequest { Id = draft.Id, Text = "Second editor's text", ExpectedVersion = draft.Version }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Contains($"is at version {first.Version}, not {draft.Version}", stale.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("First editor's text", (await Community.GetSocialPostAsync(new GetSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel)).Text);
    }

    private static Task<RpcException> RefusedAsync<T>(Task<T> call) => Assert.ThrowsAsync<RpcException>(() => call);
}
