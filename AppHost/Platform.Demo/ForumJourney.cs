using Platform.Contracts.Community.V1;

namespace Platform.Demo;

/// <summary>A thread in a forum space, found by its title, and its replies, found by their text (hidden ones too, and a hidden thread, which takes no replies).</summary>
public sealed class ForumJourney(CommunityService.CommunityServiceClient community)
{
    public async Task ThreadAsync(string spaceId, string title, string authorId, string body, IReadOnlyList<(string AuthorId, string Body)> replies, CancellationToken cancellationToken)
    {
        var threads = await Paging.AllAsync(async token =>
        {
            // Hidden threads too (the operator token may moderate): a thread whose opening post a moderator hid is not started again.
            var page = await community.ListThreadsAsync(new ListThreadsRequest { SpaceId = spaceId, IncludeHidden = true, PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Threads.AsEnumerable(), page.NextPageToken);
        });
        var thread = threads.FirstOrDefault(t => t.Title == title)
            ?? await community.StartThreadAsync(new StartThreadRequest { SpaceId = spaceId, AuthorMemberId = authorId, Title = title, BodyMarkdown = body }, cancellationToken: cancellationToken);
        if (thread.OpeningPost.Hidden)
        {
            // A moderator hid the thread: it takes no replies.
            return;
        }

        var posts = await Paging.AllAsync(async token =>
        {
            // Hidden posts too, with their bodies (the operator token may moderate): a reply a moderator hid is not posted again.
            var page = await community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true, PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Posts.AsEnumerable(), page.NextPageToken);
        });
        foreach (var (author, text) in replies.Where(r => posts.All(p => p.BodyMarkdown != r.Body)))
        {
            await community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = author, BodyMarkdown = text }, cancellationToken: cancellationToken);
        }
    }
}
