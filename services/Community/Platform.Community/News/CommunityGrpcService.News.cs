using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Community.News;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community;

/// <summary>News: draft, schedule, publish, retract.</summary>
public sealed partial class CommunityGrpcService
{
    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.NewsItem> CreateNewsItem(Proto.CreateNewsItemRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var content = NewsMessages.Content(validation, request.Title, request.Summary, request.BodyMarkdown, request.Tags, request.ExperienceId, request.PartnerIds);
        validation.ThrowIfInvalid();
        var caller = context.Caller();
        return await Requests.RunOnceAsync(caller, request.RequestId, nameof(CreateNewsItem), async cancellationToken =>
        {
            var item = NewsItem.Draft(content, caller, calendar.Now());
            Db.NewsItems.Add(item);
            await Db.SaveChangesAsync(cancellationToken);
            return NewsMessages.ToProto(item, news.Value);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.NewsItem> GetNewsItem(Proto.GetNewsItemRequest request, ServerCallContext context)
    {
        var id = Fields.Id("id", request.Id);
        var item = await Db.NewsItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("News item", request.Id);
        return NewsMessages.ToProto(item, news.Value);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.ListNewsItemsResponse> ListNewsItems(Proto.ListNewsItemsRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var status = NewsMessages.ToStatus(request.Status);
        if (!System.Enum.IsDefined(request.Status))
        {
            validation.Add("status", "is not a known news status");
        }

        validation.ThrowIfInvalid();
        var query = Db.NewsItems.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(i => i.Status == s);
        }

        var (page, next) = await Pages.NewestFirstAsync(query, i => i.Id, request.PageSize, request.PageToken, context.CancellationToken);
        var response = new Proto.ListNewsItemsResponse { NextPageToken = next };
        response.Items.AddRange(page.Select(i => NewsMessages.ToProto(i, news.Value)));
        return response;
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.NewsItem> UpdateNewsItem(Proto.UpdateNewsItemRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var content = NewsMessages.Content(validation, request.Title, request.Summary, request.BodyMarkdown, request.Tags, request.ExperienceId, request.PartnerIds);
        validation.ExpectedVersion("expected_version", request.ExpectedVersion);
        var id = NewsItemId(request.Id, request.RequestId, validation);
        return ChangeNewsItemAsync(id, request.RequestId, nameof(UpdateNewsItem), context, item =>
        {
            ConcurrencyConflictException.ThrowIfVersionDiffers("News item", request.Id, item.Version, request.ExpectedVersion);

            if (item.Status == NewsStatus.Retracted)
            {
                throw new FailedPreconditionException($"News item '{item.Title}' was retracted: it is no longer edited.");
            }

            item.Update(content, calendar.Now());
        });
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.NewsItem> ScheduleNewsItem(Proto.ScheduleNewsItemRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        var publishAt = Times.Required(validation, "publish_at", request.PublishAt);
        validation.ThrowIfInvalid();
        return await ChangeNewsItemAsync(id!.Value, request.RequestId, nameof(ScheduleNewsItem), context, item =>
        {
            Times.RequireFuture("publish_at", publishAt!.Value, calendar.Now());
            RequireNewsStatus(item, "scheduled", NewsStatus.Draft, NewsStatus.Scheduled);
            item.Schedule(publishAt!.Value, calendar.Now());
        });
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.NewsItem> UnscheduleNewsItem(Proto.ChangeNewsItemRequest request, ServerCallContext context) =>
        ChangeNewsItemAsync(NewsItemId(request.Id, request.RequestId), request.RequestId, nameof(UnscheduleNewsItem), context, item =>
        {
            RequireNewsStatus(item, "unscheduled", NewsStatus.Scheduled);
            item.Unschedule(calendar.Now());
        });

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.NewsItem> PublishNewsItem(Proto.ChangeNewsItemRequest request, ServerCallContext context) =>
        ChangeNewsItemAsync(NewsItemId(request.Id, request.RequestId), request.RequestId, nameof(PublishNewsItem), context, item =>
        {
            RequireNewsStatus(item, "published", NewsStatus.Draft, NewsStatus.Scheduled);
            NewsPublishing.Publish(Db, item, news.Value, calendar.Now());
        });

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.NewsItem> RetractNewsItem(Proto.RetractNewsItemRequest request, ServerCallContext context)
    {
        var validation = new Validation().Required("reason", request.Reason).MaxLength("reason", request.Reason, NewsMessages.ReasonLimit);
        var id = NewsItemId(request.Id, request.RequestId, validation);
        return ChangeNewsItemAsync(id, request.RequestId, nameof(RetractNewsItem), context, item =>
        {
            RequireNewsStatus(item, "retracted", NewsStatus.Published);
            item.Retract(request.Reason.Trim(), calendar.Now());
        });
    }

    private static Guid NewsItemId(string id, string requestId, Validation? validation = null)
    {
        validation ??= new Validation();
        var parsed = Fields.RequiredId(validation.MaxLength("request_id", requestId, Fields.RequestIdLimit), "id", id);
        validation.ThrowIfInvalid();
        return parsed!.Value;
    }

    /// <summary>A change of an item in the request's transaction; the feed is invalidated after commit when it showed or shows the item.</summary>
    private async Task<Proto.NewsItem> ChangeNewsItemAsync(Guid id, string requestId, string operation, ServerCallContext context, Action<NewsItem> change)
    {
        var changed = await Requests.RunOnceAsync(context.Caller(), requestId, operation, async cancellationToken =>
        {
            var item = await LoadNewsItemAsync(id, cancellationToken);
            change(item);
            await SaveNewsItemAsync(item, cancellationToken);
            return NewsMessages.ToProto(item, news.Value);
        }, context.CancellationToken);
        if (changed.Status is Proto.NewsStatus.Published or Proto.NewsStatus.Retracted)
        {
            await feedCache.InvalidateAsync();
        }

        return changed;
    }

    private static void RequireNewsStatus(NewsItem item, string change, params NewsStatus[] allowed)
    {
        if (!allowed.Contains(item.Status))
        {
            throw new FailedPreconditionException($"News item '{item.Title}' is {item.Status}: only an item that is {string.Join(" or ", allowed)} can be {change}.");
        }
    }

    private async Task<NewsItem> LoadNewsItemAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.NewsItems.SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
        ?? throw new NotFoundException("News item", id.ToString());

    private Task SaveNewsItemAsync(NewsItem item, CancellationToken cancellationToken) => Db.SaveOrRejectAsync(
        string.Empty,
        $"News item '{item.Id}' was changed at the same time by another request: read it again and retry.",
        cancellationToken);
}
