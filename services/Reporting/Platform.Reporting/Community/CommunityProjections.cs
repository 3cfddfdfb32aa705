using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Community;

public sealed class MemberJoinedProjection : IProjection<MemberJoined>
{
    public async Task ApplyAsync(MemberJoined evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await projection.LockedAsync(projection.Db.Members, "members", "MemberId", evt.MemberId, cancellationToken);
        var day = projection.DayOf(evt.OccurredAt);
        if (record is null)
        {
            projection.Db.Members.Add(new MemberRecord { MemberId = evt.MemberId, ProfessionalId = evt.ProfessionalId, JoinedOn = day });
            projection.Figures.Add(Metrics.MembersJoined, day, 1, evt.Source);
        }
        else if (record.JoinedOn == MemberRecord.JoinedUnknown)
        {
            // Erased before this was taken in: the joining counts, the member stays erased.
            record.JoinedOn = day;
            projection.Figures.Add(Metrics.MembersJoined, day, 1, evt.Source);
        }
    }
}

public sealed class NewsPublishedProjection : IProjection<NewsPublished>
{
    public Task ApplyAsync(NewsPublished evt, Projection projection, CancellationToken cancellationToken)
    {
        projection.Figures.Add(Metrics.NewsPublished, projection.DayOf(evt.OccurredAt));
        return Task.CompletedTask;
    }
}

public sealed class SocialPostPublishedProjection : IProjection<SocialPostPublished>
{
    public Task ApplyAsync(SocialPostPublished evt, Projection projection, CancellationToken cancellationToken)
    {
        projection.Figures.Add(Metrics.SocialPostsPublished, projection.DayOf(evt.OccurredAt), 1, evt.Channel);
        return Task.CompletedTask;
    }
}

public sealed class ThreadStartedProjection : IProjection<ThreadStarted>
{
    public Task ApplyAsync(ThreadStarted evt, Projection projection, CancellationToken cancellationToken)
    {
        var day = projection.DayOf(evt.OccurredAt);
        projection.Figures.Add(Metrics.ForumThreads, day);
        return Forum.ActiveAsync(projection, evt.AuthorMemberId, day, cancellationToken);
    }
}

public sealed class PostAddedProjection : IProjection<PostAdded>
{
    public Task ApplyAsync(PostAdded evt, Projection projection, CancellationToken cancellationToken)
    {
        var day = projection.DayOf(evt.OccurredAt);
        projection.Figures.Add(Metrics.ForumPosts, day);
        return Forum.ActiveAsync(projection, evt.AuthorMemberId, day, cancellationToken);
    }
}

public sealed class GroupFormedProjection : IProjection<GroupFormed>
{
    public Task ApplyAsync(GroupFormed evt, Projection projection, CancellationToken cancellationToken)
    {
        projection.Figures.Add(Metrics.Groups, projection.DayOf(evt.OccurredAt), 1, evt.Kind);
        return Task.CompletedTask;
    }
}

internal static class Forum
{
    /// <summary>The member was active on the forum that day (once per member and day).</summary>
    public static Task ActiveAsync(Projection projection, Guid memberId, DateOnly day, CancellationToken cancellationToken) =>
        projection.Db.Database.ExecuteSqlRawAsync(
            "INSERT INTO forum_activity (\"MemberId\", \"Day\") VALUES ({0}, {1}) ON CONFLICT DO NOTHING", [memberId, day], cancellationToken);
}
