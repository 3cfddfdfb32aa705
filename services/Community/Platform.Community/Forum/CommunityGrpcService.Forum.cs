using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Community.Forum;
using Platform.Community.Members;
using Platform.Contracts.Events;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community;

/// <summary>The forum: spaces, threads, replies, edits by the author, moderation.</summary>
public sealed partial class CommunityGrpcService
{
    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.ListSpacesResponse> ListSpaces(Proto.ListSpacesRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var experienceId = Fields.OptionalId(validation, "experience_id", request.ExperienceId);
        if (!System.Enum.IsDefined(request.Kind))
        {
            validation.Add("kind", "is not a known space kind");
        }

        validation.ThrowIfInvalid();
        var query = Db.Spaces.AsNoTracking();
        if (ForumMessages.ToKind(request.Kind) is { } kind)
        {
            query = query.Where(s => s.Kind == kind);
        }

        if (experienceId is { } experience)
        {
            query = query.Where(s => s.ExperienceId == experience);
        }

        var (page, next) = await Pages.NewestFirstAsync(query, s => s.Id, request.PageSize, request.PageToken, context.CancellationToken);
        var response = new Proto.ListSpacesResponse { NextPageToken = next };
        response.Spaces.AddRange(page.Select(ForumMessages.ToProto));
        return response;
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Thread> StartThread(Proto.StartThreadRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("title", request.Title).MaxLength("title", request.Title, ForumMessages.TitleLimit);
        Body(validation, request.BodyMarkdown);
        var spaceId = Fields.RequiredId(validation, "space_id", request.SpaceId);
        var authorId = Fields.RequiredId(validation, "author_member_id", request.AuthorMemberId);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(StartThread), async cancellationToken =>
        {
            var space = await Db.Spaces.AsNoTracking().SingleOrDefaultAsync(s => s.Id == spaceId, cancellationToken)
                ?? throw new NotFoundException("Space", request.SpaceId);
            var author = await PostingMemberAsync(space, authorId!.Value, cancellationToken);
            var now = calendar.Now();
            var thread = new ForumThread { Id = Guid.CreateVersion7(now), SpaceId = space.Id, Title = request.Title.Trim(), AuthorMemberId = author.Id, StartedAt = now, LastPostAt = now };
            var opening = new ForumPost { Id = Guid.CreateVersion7(now), ThreadId = thread.Id, AuthorMemberId = author.Id, Body = request.BodyMarkdown, Opening = true, CreatedAt = now };
            Db.Threads.Add(thread);
            Db.Posts.Add(opening);
            Db.AddEvent(new ThreadStarted { EventId = Guid.CreateVersion7(), OccurredAt = now, ThreadId = thread.Id, Title = thread.Title, AuthorMemberId = author.Id, ExperienceId = space.ExperienceId, GroupId = space.GroupId }, thread.Id);
            await Db.SaveChangesAsync(cancellationToken);
            return ForumMessages.ToProto(thread, opening, author.FullName, includeHidden: false);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.ListThreadsResponse> ListThreads(Proto.ListThreadsRequest request, ServerCallContext context)
    {
        // Threads moderators hid, with their opening posts' bodies: for moderators, as include_hidden on ListPosts.
        ModeratorsOnly(request.IncludeHidden, context, "the threads moderators hid");
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var spaceId = Fields.RequiredId(validation, "space_id", request.SpaceId);
        validation.ThrowIfInvalid();
        if (!await Db.Spaces.AnyAsync(s => s.Id == spaceId, context.CancellationToken))
        {
            throw new NotFoundException("Space", request.SpaceId);
        }

        var query = Db.Threads.AsNoTracking().Where(t => t.SpaceId == spaceId && (request.IncludeHidden || !t.Hidden));
        var (page, next) = await Pages.NewestFirstAsync(query, t => t.Id, request.PageSize, request.PageToken, context.CancellationToken);
        var ids = page.Select(t => t.Id).ToList();
        var openings = await Db.Posts.AsNoTracking().Where(p => ids.Contains(p.ThreadId) && p.Opening).ToDictionaryAsync(p => p.ThreadId, context.CancellationToken);
        var names = await NamesAsync(page.Select(t => t.AuthorMemberId), context.CancellationToken);
        var response = new Proto.ListThreadsResponse { NextPageToken = next };
        response.Threads.AddRange(page.Select(t => ForumMessages.ToProto(t, openings[t.Id], names[t.AuthorMemberId], request.IncludeHidden)));
        return response;
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Post> Reply(Proto.ReplyRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        Body(validation, request.BodyMarkdown);
        var threadId = Fields.RequiredId(validation, "thread_id", request.ThreadId);
        var authorId = Fields.RequiredId(validation, "author_member_id", request.AuthorMemberId);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(Reply), async cancellationToken =>
        {
            var thread = await Db.Threads.AsNoTracking().SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken)
                ?? throw new NotFoundException("Thread", request.ThreadId);
            RefuseIfHidden(thread, "it takes no replies");

            var space = await Db.Spaces.AsNoTracking().SingleAsync(s => s.Id == thread.SpaceId, cancellationToken);
            var author = await PostingMemberAsync(space, authorId!.Value, cancellationToken);
            var now = calendar.Now();
            var post = new ForumPost { Id = Guid.CreateVersion7(now), ThreadId = thread.Id, AuthorMemberId = author.Id, Body = request.BodyMarkdown, Opening = false, CreatedAt = now };
            Db.Posts.Add(post);
            // Only while the thread is not hidden: a hide committed since the read above (this update waits for it) refuses the reply too.
            var counted = await Db.Threads.Where(t => t.Id == thread.Id && !t.Hidden)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.ReplyCount, x => x.ReplyCount + 1).SetProperty(x => x.LastPostAt, now), cancellationToken);
            if (counted == 0)
            {
                throw HiddenThread(thread, "it takes no replies");
            }

            Db.AddEvent(new PostAdded { EventId = Guid.CreateVersion7(), OccurredAt = now, PostId = post.Id, ThreadId = thread.Id, AuthorMemberId = author.Id, ExperienceId = space.ExperienceId, GroupId = space.GroupId }, thread.Id);
            await Db.SaveChangesAsync(cancellationToken);
            return ForumMessages.ToProto(post, author.FullName, includeHidden: false);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.ListPostsResponse> ListPosts(Proto.ListPostsRequest request, ServerCallContext context)
    {
        ModeratorsOnly(request.IncludeHidden, context, "the bodies moderators hid");

        var validation = new Validation().PageSize("page_size", request.PageSize);
        var threadId = Fields.RequiredId(validation, "thread_id", request.ThreadId);
        validation.ThrowIfInvalid();
        // A thread moderators hid is gone for readers, as in ListThreads: its replies are not read by its link either.
        if (!await Db.Threads.AnyAsync(t => t.Id == threadId && (request.IncludeHidden || !t.Hidden), context.CancellationToken))
        {
            throw new NotFoundException("Thread", request.ThreadId);
        }

        var (page, next) = await Pages.NewestFirstAsync(Db.Posts.AsNoTracking().Where(p => p.ThreadId == threadId), p => p.Id, request.PageSize, request.PageToken, context.CancellationToken);
        var names = await NamesAsync(page.Select(p => p.AuthorMemberId), context.CancellationToken);
        var response = new Proto.ListPostsResponse { NextPageToken = next };
        response.Posts.AddRange(page.Select(p => ForumMessages.ToProto(p, names[p.AuthorMemberId], request.IncludeHidden)));
        return response;
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Post> EditPost(Proto.EditPostRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        Body(validation, request.BodyMarkdown);
        var postId = Fields.RequiredId(validation, "post_id", request.PostId);
        var memberId = Fields.RequiredId(validation, "member_id", request.MemberId);
        validation.ExpectedVersion("expected_version", request.ExpectedVersion);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(EditPost), async cancellationToken =>
        {
            var post = await Db.Posts.SingleOrDefaultAsync(p => p.Id == postId, cancellationToken)
                ?? throw new NotFoundException("Post", request.PostId);
            // Locked as for a new post (MemberLocks): an erasure at the same moment clears the edit or is seen.
            var editor = Live(memberId!.Value, await Db.Members.ForWriting(memberId.Value).AsNoTracking().SingleOrDefaultAsync(cancellationToken));
            if (post.AuthorMemberId != editor.Id)
            {
                throw new FailedPreconditionException($"Post '{post.Id}' was written by another member: only its author edits a post.");
            }

            if (post.HiddenAt is not null)
            {
                throw new FailedPreconditionException($"Post '{post.Id}' was hidden by a moderator ({post.HiddenReason}): it is no longer edited.");
            }

            // As Reply: a thread a moderator hid takes no new words, in a new reply or an old one. Read FOR SHARE:
            // a hide under way (it updates the thread) is waited for and seen, and one that comes after waits for this edit.
            var thread = await Db.Threads.FromSql($"SELECT * FROM threads WHERE \"Id\" = {post.ThreadId} FOR SHARE").AsNoTracking().SingleAsync(cancellationToken);
            RefuseIfHidden(thread, "its posts are no longer edited");

            ConcurrencyConflictException.ThrowIfVersionDiffers("Post", request.PostId, post.Version, request.ExpectedVersion);

            post.Edit(request.BodyMarkdown, calendar.Now());
            await Db.SaveOrRejectAsync(string.Empty, $"Post '{post.Id}' was changed at the same time by another request: read it again and retry.", cancellationToken);
            return ForumMessages.ToProto(post, editor.FullName, includeHidden: false);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Post> HidePost(Proto.HidePostRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("reason", request.Reason).MaxLength("reason", request.Reason, ForumMessages.ReasonLimit);
        var postId = Fields.RequiredId(validation, "post_id", request.PostId);
        validation.ThrowIfInvalid();
        var moderator = context.Caller();
        return await Requests.RunOnceAsync(moderator, request.RequestId, nameof(HidePost), async cancellationToken =>
        {
            var post = await Db.Posts.SingleOrDefaultAsync(p => p.Id == postId, cancellationToken)
                ?? throw new NotFoundException("Post", request.PostId);
            if (post.HiddenAt is not null)
            {
                throw new FailedPreconditionException($"Post '{post.Id}' was already hidden at {post.HiddenAt:u}: {post.HiddenReason}");
            }

            post.Hide(request.Reason.Trim(), moderator, calendar.Now());
            if (post.Opening)
            {
                await Db.Threads.Where(t => t.Id == post.ThreadId).ExecuteUpdateAsync(t => t.SetProperty(x => x.Hidden, true), cancellationToken);
            }

            await Db.SaveOrRejectAsync(string.Empty, $"Post '{post.Id}' was changed at the same time by another request: retry.", cancellationToken);
            var names = await NamesAsync([post.AuthorMemberId], cancellationToken);
            return ForumMessages.ToProto(post, names[post.AuthorMemberId], includeHidden: false);
        }, context.CancellationToken);
    }

    /// <summary>What moderators hid is for moderators, who hide posts with community.write; readers get the reason only.</summary>
    private static void ModeratorsOnly(bool includeHidden, ServerCallContext context, string what)
    {
        if (includeHidden && !Scopes.Has(context.GetHttpContext().User, Scopes.CommunityWrite))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"include_hidden returns {what}: it needs a token with {Scopes.CommunityWrite}."));
        }
    }

    private static void RefuseIfHidden(ForumThread thread, string refused)
    {
        if (thread.Hidden)
        {
            throw HiddenThread(thread, refused);
        }
    }

    private static FailedPreconditionException HiddenThread(ForumThread thread, string refused) =>
        new($"Thread '{thread.Title}' was hidden by a moderator: {refused}.");

    private static void Body(Validation validation, string body) =>
        validation.Required("body_markdown", body).MaxLength("body_markdown", body, ForumMessages.BodyLimit);

    /// <summary>
    /// The member, who may write in the space: anyone in the public one, participants in an
    /// experience's, members in a group's. Locked until the post commits (<see cref="MemberLocks"/>),
    /// so an erasure at the same moment either clears the post or is seen here.
    /// </summary>
    private async Task<Member> PostingMemberAsync(Space space, Guid memberId, CancellationToken cancellationToken)
    {
        var member = Live(memberId, await Db.Members.ForWriting(memberId).AsNoTracking().SingleOrDefaultAsync(cancellationToken));
        var allowed = space.Kind switch
        {
            SpaceKind.Experience => await Db.Participants.AnyAsync(p => p.ExperienceId == space.ExperienceId && p.MemberId == memberId, cancellationToken),
            SpaceKind.Group => await Db.GroupMembers.AnyAsync(g => g.GroupId == space.GroupId && g.MemberId == memberId, cancellationToken),
            _ => true,
        };
        return allowed
            ? member
            : throw new FailedPreconditionException($"{member.FullName} is not a {(space.Kind == SpaceKind.Group ? "member of the group" : "participant of the experience")} '{space.Name}': only they write in its space.");
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> memberIds, CancellationToken cancellationToken)
    {
        var ids = memberIds.Distinct().ToList();
        return await Db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.FullName, cancellationToken);
    }
}
