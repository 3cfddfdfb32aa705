using Platform.Contracts.Community.V1;

namespace Platform.Demo;

/// <summary>A thread in a forum space, found by its title, and its replies, found by their text.</summary>
public sealed class ForumJourney(CommunityService.CommunityServiceClient community)
{
    public async Task ThreadAsync(string spaceId, string title, string authorId, string body, IReadOnlyList<(string AuthorId, string Body)> replies, CancellationToken cancellationToken)
    {
        var threads = await community.ListThreadsAsync(new ListThreadsRequest { SpaceId = spaceId, PageSize = 500 }, cancellationToken: cancellationToken);
        var thread = threads.Threads.FirstOrDefault(t => t.Title == title)
            ?? await community.StartThreadAsync(new StartThreadRequest { SpaceId = spaceId, AuthorMemberId = authorId, Title = title, BodyMarkdown = body }, cancellationToken: cancellationToken);
        var posts = await community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, PageSize = 500 }, cancellationToken: cancellationToken);
        foreach (var (author, text) in replies.Where(r => posts.Posts.All(p => p.BodyMarkdown != r.Body)))
        {
            await community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = author, BodyMarkdown = text }, cancellationToken: cancellationToken);
        }
    }
}
