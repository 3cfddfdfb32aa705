using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Community.V1;
using Platform.Hosting.Testing;

namespace Platform.Community.Tests;

/// <summary>The forum: a space per experience, who may write where, pages newest first, edits, moderation.</summary>
[Collection(CommunityServers.Name)]
public sealed class ForumTests(CommunityFixture fixture)
{
    public const string PublicSpace = "00000000-0000-7000-8000-000000000001";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CommunityService.CommunityServiceClient Community => fixture.Community;

    [Fact]
    public async Task A_scheduled_experience_gets_a_space_where_only_its_participants_write_and_threads_and_replies_are_announced()
    {
        await using var started = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ThreadStarted", Cancel);
        await using var added = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:PostAdded", Cancel);
        var experience = await fixture.ScheduleScreeningAsync("Round table");
        var email = $"fenna.{Guid.NewGuid():N}@example.nl";
        await fixture.RegisterAsync(experience, email, "Fenna Visser", "Policy adviser");
        var space = (await Eventually.ReachesAsync(
            () => Community.ListSpacesAsync(new ListSpacesRequest { Kind = SpaceKind.Experience, ExperienceId = experience.Id }, cancellationToken: Cancel).ResponseAsync,
            s => s.Spaces.Count == 1)).Spaces.Single();
        var participant = (await fixture.ParticipantsAsync(experience.Id, 1)).Single();
        var outsider = await fixture.SignUpAsync("Gijs");

        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = space.Id, AuthorMemberId = participant.MemberId, Title = "Where is your dream?", BodyMarkdown = "Mine: a **car-free** city" }, cancellationToken: Cancel);
        var refused = await Assert.ThrowsAsync<RpcException>(() => Community.StartThreadAsync(new StartThreadRequest { SpaceId = space.Id, AuthorMemberId = outsider.Id, Title = "Hi", BodyMarkdown = "b" }, cancellationToken: Cancel).ResponseAsync);
        var reply = await Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = participant.MemberId, BodyMarkdown = "And my challenge" }, cancellationToken: Cancel);
        var inPublic = await Community.ReplyAsync(new ReplyRequest { ThreadId = (await Community.StartThreadAsync(new StartThreadRequest { SpaceId = PublicSpace, AuthorMemberId = outsider.Id, Title = "Open", BodyMarkdown = "anyone" }, cancellationToken: Cancel)).Id, AuthorMemberId = outsider.Id, BodyMarkdown = "yes" }, cancellationToken: Cancel);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Community.StartThreadAsync(new StartThreadRequest { SpaceId = "x", Title = new string('t', 201) }, cancellationToken: Cancel).ResponseAsync);
        var threadEvent = await started.NextAsync(m => m.Has("threadId", thread.Id), Cancel);
        var postEvent = await added.NextAsync(m => m.Has("postId", reply.Id), Cancel);
        var listed = await Community.ListThreadsAsync(new ListThreadsRequest { SpaceId = space.Id }, cancellationToken: Cancel);

        Assert.Equal(experience.Title, space.Name);
        Assert.Equal("Fenna Visser", thread.AuthorName);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.False(inPublic.Opening);
        Assert.Equal(["title", "body_markdown", "space_id", "author_member_id"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(experience.Id, threadEvent.GetProperty("experienceId").GetString());
        Assert.Equal(participant.MemberId, threadEvent.GetProperty("authorMemberId").GetString());
        Assert.Equal(experience.Id, postEvent.GetProperty("experienceId").GetString());
        Assert.Equal(thread.Id, postEvent.GetProperty("threadId").GetString());
        Assert.Equal(1, listed.Threads.Single().ReplyCount);
        Assert.Equal("Mine: a **car-free** city", listed.Threads.Single().OpeningPost.BodyMarkdown);
    }

    [Fact]
    public async Task Threads_and_posts_come_newest_first_in_pages_that_neither_skip_nor_repeat()
    {
        var experience = await fixture.ScheduleScreeningAsync();
        await fixture.RegisterAsync(experience, $"hans.{Guid.NewGuid():N}@example.nl", "Hans", "Adviser");
        var space = (await Eventually.ReachesAsync(() => Community.ListSpacesAsync(new ListSpacesRequest { ExperienceId = experience.Id }, cancellationToken: Cancel).ResponseAsync, s => s.Spaces.Count == 1)).Spaces.Single();
        var author = (await fixture.ParticipantsAsync(experience.Id, 1)).Single().MemberId;
        var threads = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            threads.Add((await Community.StartThreadAsync(new StartThreadRequest { SpaceId = space.Id, AuthorMemberId = author, Title = $"Thread {i}", BodyMarkdown = "b" }, cancellationToken: Cancel)).Id);
            await Task.Delay(5, Cancel);
        }

        var replies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add((await Community.ReplyAsync(new ReplyRequest { ThreadId = threads[0], AuthorMemberId = author, BodyMarkdown = $"reply {i}" }, cancellationToken: Cancel)).Id);
            await Task.Delay(5, Cancel);
        }

        var pages = new List<ListThreadsResponse>();
        var request = new ListThreadsRequest { SpaceId = space.Id, PageSize = 2 };
        do
        {
            pages.Add(await Community.ListThreadsAsync(request, cancellationToken: Cancel));
            request.PageToken = pages[^1].NextPageToken;
        }
        while (request.PageToken.Length > 0);
        var posts = await Community.ListPostsAsync(new ListPostsRequest { ThreadId = threads[0], PageSize = 3 }, cancellationToken: Cancel);
        var badToken = await Assert.ThrowsAsync<RpcException>(() => Community.ListThreadsAsync(new ListThreadsRequest { SpaceId = space.Id, PageToken = "garbage" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Threads.Count));
        Assert.Equal(threads.AsEnumerable().Reverse(), pages.SelectMany(p => p.Threads).Select(t => t.Id));
        Assert.Equal(replies.AsEnumerable().Reverse(), posts.Posts.Select(p => p.Id));
        Assert.NotEmpty(posts.NextPageToken);
        Assert.Equal("page_token", badToken.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    [Fact]
    public async Task Only_the_author_edits_a_post_and_a_moderator_hides_one_with_a_reason()
    {
        var author = await fixture.SignUpAsync("Ilse");
        var other = await fixture.SignUpAsync("Joost");
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = PublicSpace, AuthorMemberId = author.Id, Title = "Mobility tips", BodyMarkdown = "Take the train" }, cancellationToken: Cancel);
        var reply = await Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = other.Id, BodyMarkdown = "Buy my product!" }, cancellationToken: Cancel);

        var edited = await Community.EditPostAsync(new EditPostRequest { PostId = thread.OpeningPost.Id, MemberId = author.Id, BodyMarkdown = "Take the train or bike", ExpectedVersion = thread.OpeningPost.Version }, cancellationToken: Cancel);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Community.EditPostAsync(new EditPostRequest { PostId = thread.OpeningPost.Id, MemberId = author.Id, BodyMarkdown = "x", ExpectedVersion = thread.OpeningPost.Version }, cancellationToken: Cancel).ResponseAsync);
        var notTheirs = await Assert.ThrowsAsync<RpcException>(() => Community.EditPostAsync(new EditPostRequest { PostId = thread.OpeningPost.Id, MemberId = other.Id, BodyMarkdown = "mine now", ExpectedVersion = edited.Version }, cancellationToken: Cancel).ResponseAsync);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => Community.HidePostAsync(new HidePostRequest { PostId = reply.Id }, cancellationToken: Cancel).ResponseAsync);
        var hidden = await Community.HidePostAsync(new HidePostRequest { PostId = reply.Id, Reason = "advertising" }, cancellationToken: Cancel);
        var editHidden = await Assert.ThrowsAsync<RpcException>(() => Community.EditPostAsync(new EditPostRequest { PostId = reply.Id, MemberId = other.Id, BodyMarkdown = "sorry", ExpectedVersion = hidden.Version }, cancellationToken: Cancel).ResponseAsync);
        var forReaders = await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id }, cancellationToken: Cancel);
        var forModerators = await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true }, cancellationToken: Cancel);
        await Community.HidePostAsync(new HidePostRequest { PostId = thread.OpeningPost.Id, Reason = "off topic" }, cancellationToken: Cancel);
        var replyToHidden = await Assert.ThrowsAsync<RpcException>(() => Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = other.Id, BodyMarkdown = "hello?" }, cancellationToken: Cancel).ResponseAsync);
        var publicThreads = await Community.ListThreadsAsync(new ListThreadsRequest { SpaceId = PublicSpace, PageSize = 500 }, cancellationToken: Cancel);

        Assert.Equal("Take the train or bike", edited.BodyMarkdown);
        Assert.NotNull(edited.EditedAt);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, notTheirs.StatusCode);
        Assert.Equal("reason", noReason.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(StatusCode.FailedPrecondition, editHidden.StatusCode);
        var readerView = forReaders.Posts.Single(p => p.Id == reply.Id);
        Assert.Equal((true, "advertising", string.Empty), (readerView.Hidden, readerView.HiddenReason, readerView.BodyMarkdown));
        Assert.Equal("Buy my product!", forModerators.Posts.Single(p => p.Id == reply.Id).BodyMarkdown);
        Assert.Equal(StatusCode.FailedPrecondition, replyToHidden.StatusCode);
        Assert.DoesNotContain(publicThreads.Threads, t => t.Id == thread.Id);
    }

    [Fact]
    public async Task A_hidden_posts_body_is_only_for_moderators_a_read_only_token_asking_for_it_is_refused()
    {
        var reader = new CommunityService.CommunityServiceClient(CommunityFixture.Invoker(fixture.App, "community", ["community.read"]));
        var author = await fixture.SignUpAsync("Kees");
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = PublicSpace, AuthorMemberId = author.Id, Title = "Solar panels", BodyMarkdown = "Who has them?" }, cancellationToken: Cancel);
        var reply = await Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = author.Id, BodyMarkdown = "Call 06-87654321" }, cancellationToken: Cancel);
        await Community.HidePostAsync(new HidePostRequest { PostId = reply.Id, Reason = "phone number" }, cancellationToken: Cancel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => reader.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true }, cancellationToken: Cancel).ResponseAsync);
        var forReaders = await reader.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id }, cancellationToken: Cancel);
        var forModerators = await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("community.write", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((true, string.Empty), (forReaders.Posts.Single(p => p.Id == reply.Id).Hidden, forReaders.Posts.Single(p => p.Id == reply.Id).BodyMarkdown));
        Assert.Equal("Call 06-87654321", forModerators.Posts.Single(p => p.Id == reply.Id).BodyMarkdown);
    }

    [Fact]
    public async Task A_thread_whose_opening_post_was_hidden_is_listed_only_for_moderators_who_ask_a_read_only_token_asking_is_refused()
    {
        var reader = new CommunityService.CommunityServiceClient(CommunityFixture.Invoker(fixture.App, "community", ["community.read"]));
        var author = await fixture.SignUpAsync("Lotte");
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = PublicSpace, AuthorMemberId = author.Id, Title = "Heat pumps", BodyMarkdown = "Mail me at lotte@example.nl" }, cancellationToken: Cancel);
        await Community.HidePostAsync(new HidePostRequest { PostId = thread.OpeningPost.Id, Reason = "e-mail address" }, cancellationToken: Cancel);

        var byDefault = await Community.ListThreadsAsync(new ListThreadsRequest { SpaceId = PublicSpace, PageSize = 500 }, cancellationToken: Cancel);
        var forModerators = await Community.ListThreadsAsync(new ListThreadsRequest { SpaceId = PublicSpace, IncludeHidden = true, PageSize = 500 }, cancellationToken: Cancel);
        var refused = await Assert.ThrowsAsync<RpcException>(() => reader.ListThreadsAsync(new ListThreadsRequest { SpaceId = PublicSpace, IncludeHidden = true }, cancellationToken: Cancel).ResponseAsync);

        Assert.DoesNotContain(byDefault.Threads, t => t.Id == thread.Id);
        var hidden = Assert.Single(forModerators.Threads, t => t.Id == thread.Id);
        Assert.Equal((true, "e-mail address", "Mail me at lotte@example.nl"), (hidden.OpeningPost.Hidden, hidden.OpeningPost.HiddenReason, hidden.OpeningPost.BodyMarkdown));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("community.write", refused.Status.Detail, StringComparison.Ordinal);
    }
    [Fact]
    public async Task A_reply_in_a_thread_a_moderator_hid_is_not_edited_as_it_takes_no_replies()
    {
        var author = await fixture.SignUpAsync("Olga");
        var other = await fixture.SignUpAsync("Pieter");
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = PublicSpace, AuthorMemberId = author.Id, Title = "Rain barrels", BodyMarkdown = "Worth it?" }, cancellationToken: Cancel);
        var reply = await Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = other.Id, BodyMarkdown = "Yes, for the garden" }, cancellationToken: Cancel);
        await Community.HidePostAsync(new HidePostRequest { PostId = thread.OpeningPost.Id, Reason = "spam" }, cancellationToken: Cancel);

        var edit = await Assert.ThrowsAsync<RpcException>(() => Community.EditPostAsync(new EditPostRequest { PostId = reply.Id, MemberId = other.Id, BodyMarkdown = "Call 06-99887766", ExpectedVersion = reply.Version }, cancellationToken: Cancel).ResponseAsync);
        var forModerators = await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.FailedPrecondition, edit.StatusCode);
        Assert.Contains("hidden by a moderator", edit.Status.Detail, StringComparison.Ordinal);
        var kept = forModerators.Posts.Single(p => p.Id == reply.Id);
        Assert.Equal(("Yes, for the garden", reply.Version, null), (kept.BodyMarkdown, kept.Version, kept.EditedAt));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Writing_in_a_thread_while_a_moderator_hides_it_is_refused_once_the_hide_commits(bool edit)
    {
        var database = fixture.App.GetConnectionString("communitydb");
        var author = await fixture.SignUpAsync("Sanne");
        var other = await fixture.SignUpAsync("Tobias");
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = PublicSpace, AuthorMemberId = author.Id, Title = "Heat pumps", BodyMarkdown = "Noisy?" }, cancellationToken: Cancel);
        var earlier = await Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = other.Id, BodyMarkdown = "Not ours" }, cancellationToken: Cancel);

        // The thread hidden as HidePost hides it, and not yet committed when the reply or edit reads the thread.
        Task<Post> written;
        await using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            await connection.OpenAsync(Cancel);
            await using var hide = await connection.BeginTransactionAsync(Cancel);
            await using (var hidden = new Npgsql.NpgsqlCommand("UPDATE threads SET \"Hidden\" = true WHERE \"Id\" = $1", connection, hide))
            {
                hidden.Parameters.AddWithValue(Guid.Parse(thread.Id));
                await hidden.ExecuteNonQueryAsync(Cancel);
            }

            written = edit
                ? Community.EditPostAsync(new EditPostRequest { PostId = earlier.Id, MemberId = other.Id, BodyMarkdown = "Call 06-11223344", ExpectedVersion = earlier.Version }, cancellationToken: Cancel).ResponseAsync
                : Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = other.Id, BodyMarkdown = "Call 06-11223344" }, cancellationToken: Cancel).ResponseAsync;
            await LockWaiters.ReachAsync(database, 1, written);
            await hide.CommitAsync(Cancel);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => written);
        var forModerators = await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Equal([(earlier.Id, "Not ours"), (thread.OpeningPost.Id, "Noisy?")], forModerators.Posts.Select(p => (p.Id, p.BodyMarkdown)));
    }

    [Fact]
    public async Task A_threads_reply_count_and_last_post_time_match_the_rows_a_reader_sees_hidden_replies_included_as_placeholders()
    {
        var reader = new CommunityService.CommunityServiceClient(CommunityFixture.Invoker(fixture.App, "community", ["community.read"]));
        var author = await fixture.SignUpAsync("Quinten");
        var other = await fixture.SignUpAsync("Roos");
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = PublicSpace, AuthorMemberId = author.Id, Title = "Green roofs", BodyMarkdown = "Anyone?" }, cancellationToken: Cancel);
        await Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = other.Id, BodyMarkdown = "Me" }, cancellationToken: Cancel);
        var last = await Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = other.Id, BodyMarkdown = "Buy sedum at my shop" }, cancellationToken: Cancel);
        await Community.HidePostAsync(new HidePostRequest { PostId = last.Id, Reason = "advertising" }, cancellationToken: Cancel);

        var threads = await reader.ListThreadsAsync(new ListThreadsRequest { SpaceId = PublicSpace, PageSize = 500 }, cancellationToken: Cancel);
        var posts = await reader.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id }, cancellationToken: Cancel);

        var listed = Assert.Single(threads.Threads, t => t.Id == thread.Id);
        var replies = posts.Posts.Where(p => !p.Opening).ToList();
        Assert.Equal(replies.Count, listed.ReplyCount);
        Assert.Equal(replies.Max(p => p.CreatedAt), listed.LastPostAt);
        Assert.Equal((true, "advertising", string.Empty), (replies[0].Hidden, replies[0].HiddenReason, replies[0].BodyMarkdown));
    }

    [Fact]
    public async Task A_hidden_thread_is_not_found_by_its_id_except_for_moderators_who_ask()
    {
        var reader = new CommunityService.CommunityServiceClient(CommunityFixture.Invoker(fixture.App, "community", ["community.read"]));
        var author = await fixture.SignUpAsync("Maarten");
        var other = await fixture.SignUpAsync("Noor");
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = PublicSpace, AuthorMemberId = author.Id, Title = "Insulation grants", BodyMarkdown = "Ask me: 06-11223344" }, cancellationToken: Cancel);
        await Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = other.Id, BodyMarkdown = "I will call you tonight" }, cancellationToken: Cancel);
        await Community.HidePostAsync(new HidePostRequest { PostId = thread.OpeningPost.Id, Reason = "phone number" }, cancellationToken: Cancel);

        var forReaders = await Assert.ThrowsAsync<RpcException>(() => reader.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id }, cancellationToken: Cancel).ResponseAsync);
        var forWritersNotAsking = await Assert.ThrowsAsync<RpcException>(() => Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id }, cancellationToken: Cancel).ResponseAsync);
        var forModerators = await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.NotFound, forReaders.StatusCode);
        Assert.Equal(StatusCode.NotFound, forWritersNotAsking.StatusCode);
        Assert.Equal(["I will call you tonight", "Ask me: 06-11223344"], forModerators.Posts.Select(p => p.BodyMarkdown));
    }
}
