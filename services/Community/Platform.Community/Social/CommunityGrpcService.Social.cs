using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Community.News;
using Platform.Community.Social;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community;

/// <summary>Social posts for the LinkedIn company page: draft, schedule, approve; the channel publishes.</summary>
public sealed partial class CommunityGrpcService
{
    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.SocialPost> CreateSocialPost(Proto.CreateSocialPostRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        SocialMessages.Text(validation, request.Text, request.LinkUrl);
        var newsItemId = Fields.OptionalId(validation, "news_item_id", request.NewsItemId);
        validation.ThrowIfInvalid();
        var caller = context.Caller();
        return await Requests.RunOnceAsync(caller, request.RequestId, nameof(CreateSocialPost), async cancellationToken =>
        {
            if (newsItemId is { } shared)
            {
                RequireNotRetracted(await Db.NewsItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == shared, cancellationToken)
                    ?? throw new NotFoundException("News item", request.NewsItemId));
            }

            var post = SocialPost.Draft(request.Text, newsItemId, request.LinkUrl, caller, calendar.Now());
            Db.SocialPosts.Add(post);
            await Db.SaveChangesAsync(cancellationToken);
            return SocialMessages.ToProto(post);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.SocialPost> GetSocialPost(Proto.GetSocialPostRequest request, ServerCallContext context)
    {
        var id = Fields.Id("id", request.Id);
        var post = await Db.SocialPosts.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Social post", request.Id);
        return SocialMessages.ToProto(post);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.ListSocialPostsResponse> ListSocialPosts(Proto.ListSocialPostsRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        if (!System.Enum.IsDefined(request.Status))
        {
            validation.Add("status", "is not a known social post status");
        }

        validation.ThrowIfInvalid();
        var query = Db.SocialPosts.AsNoTracking();
        if (SocialMessages.ToStatus(request.Status) is { } status)
        {
            query = query.Where(p => p.Status == status);
        }

        var (page, next) = await Pages.NewestFirstAsync(query, p => p.Id, request.PageSize, request.PageToken, context.CancellationToken);
        var response = new Proto.ListSocialPostsResponse { NextPageToken = next };
        response.Posts.AddRange(page.Select(SocialMessages.ToProto));
        return response;
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.SocialPost> UpdateSocialPost(Proto.UpdateSocialPostRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        SocialMessages.Text(validation, request.Text, request.LinkUrl);
        validation.ExpectedVersion("expected_version", request.ExpectedVersion);
        validation.ThrowIfInvalid();
        return ChangeSocialPostAsync(id!.Value, request.RequestId, nameof(UpdateSocialPost), context, (post, _) =>
        {
            ConcurrencyConflictException.ThrowIfVersionDiffers("Social post", request.Id, post.Version, request.ExpectedVersion);

            RequireSocialStatus(post, "rewritten", SocialPostStatus.Draft);
            post.Rewrite(request.Text, request.LinkUrl);
        });
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.SocialPost> ScheduleSocialPost(Proto.ScheduleSocialPostRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        var publishAt = Times.Optional(validation, "publish_at", request.PublishAt);
        validation.ThrowIfInvalid();
        return await ChangeSocialPostAsync(id!.Value, request.RequestId, nameof(ScheduleSocialPost), context, (post, shared) =>
        {
            if (publishAt is { } at)
            {
                Times.RequireFuture("publish_at", at, calendar.Now());
            }

            RequireSocialStatus(post, "scheduled", SocialPostStatus.Draft, SocialPostStatus.Approved);
            post.ScheduleAt(publishAt, DeliveryNote(publishAt, shared), calendar.Now());
        });
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.SocialPost> ApproveSocialPost(Proto.ChangeSocialPostRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        return ChangeSocialPostAsync(SocialPostId(request), request.RequestId, nameof(ApproveSocialPost), context, (post, shared) =>
        {
            RequireSocialStatus(post, "approved", SocialPostStatus.Draft);
            RequireNotRetracted(shared);
            post.Approve(caller, DeliveryNote(post.PublishAt, shared), calendar.Now());
        });
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.SocialPost> RetrySocialPost(Proto.ChangeSocialPostRequest request, ServerCallContext context) =>
        ChangeSocialPostAsync(SocialPostId(request), request.RequestId, nameof(RetrySocialPost), context, (post, shared) =>
        {
            RequireSocialStatus(post, "retried", SocialPostStatus.Failed);
            RequireNotRetracted(shared);
            post.Retry(DeliveryNote(post.PublishAt, shared));
        });

    private string DeliveryNote(DateTimeOffset? publishAt, NewsItem? shared) =>
        linkedIn.Value.DeliveryNote(publishAt, calendar.Now(), SharedNewsItem.HeldNote(shared));

    /// <summary>A retracted news item is not shared: a post sharing it would never go out.</summary>
    private static void RequireNotRetracted(NewsItem? shared)
    {
        if (SharedNewsItem.Retraction(shared) is { } retraction)
        {
            throw new FailedPreconditionException(retraction + ": a post sharing it is not sent.");
        }
    }

    private static Guid SocialPostId(Proto.ChangeSocialPostRequest request)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        validation.ThrowIfInvalid();
        return id!.Value;
    }

    /// <summary>Changes the post, given the news item it shares (null when none).</summary>
    private async Task<Proto.SocialPost> ChangeSocialPostAsync(Guid id, string requestId, string operation, ServerCallContext context, Action<SocialPost, NewsItem?> change) =>
        await Requests.RunOnceAsync(context.Caller(), requestId, operation, async cancellationToken =>
        {
            var post = await LoadSocialPostAsync(id, cancellationToken);
            var shared = post.NewsItemId is { } newsItemId
                ? await Db.NewsItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == newsItemId, cancellationToken)
                : null;
            change(post, shared);
            await SaveSocialPostAsync(post, cancellationToken);
            return SocialMessages.ToProto(post);
        }, context.CancellationToken);

    private static void RequireSocialStatus(SocialPost post, string change, params SocialPostStatus[] allowed)
    {
        if (!allowed.Contains(post.Status))
        {
            throw new FailedPreconditionException($"Social post '{post.Id}' is {post.Status}: only a post that is {string.Join(" or ", allowed)} can be {change}.");
        }
    }

    private async Task<SocialPost> LoadSocialPostAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.SocialPosts.SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
        ?? throw new NotFoundException("Social post", id.ToString());

    private Task SaveSocialPostAsync(SocialPost post, CancellationToken cancellationToken) => Db.SaveOrRejectAsync(
        string.Empty,
        $"Social post '{post.Id}' was changed at the same time (perhaps by the channel): read it again and retry.",
        cancellationToken);
}
