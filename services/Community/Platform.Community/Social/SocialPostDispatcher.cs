using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;
using Microsoft.Extensions.Options;
using Platform.Community.Data;
using Platform.Community.News;
using Platform.Contracts.Events;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.Community.Social;

/// <summary>
/// Sends approved posts whose time has come through the channel, one at a time. A post is
/// claimed in a short transaction (<c>FOR UPDATE SKIP LOCKED</c>, an attempt counted, a lease
/// until the call's time-out has surely passed), the call made outside any transaction, and its
/// outcome recorded: Published with SocialPostPublished, the next attempt after the back-off, or
/// Failed with the reason. An attempt after another first looks on the page for a post LinkedIn
/// took but whose answer was lost, so a post is not shown twice. Without configuration nothing is sent and each approved post says so;
/// with it, a post that still says so (approved while the service ran without it) says what it
/// waits for instead. A post sharing a news item is held until the item is published (LinkedIn
/// shows the item's title) and fails, unsent, when the item is retracted.
/// </summary>
public sealed class SocialPostDispatcher(IServiceScopeFactory scopes, IOptions<LinkedInOptions> options, NetworkCalendar calendar, TimeProvider time, ILogger<SocialPostDispatcher> logger)
    : DueWork(time, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        var missing = options.Value.MissingConfiguration();
        if (missing.Length > 0)
        {
            await Untraced.RunAsync(() => db.SocialPosts.Where(p => p.Status == SocialPostStatus.Approved && p.DeliveryNote != missing)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.DeliveryNote, missing), cancellationToken));
            return 0;
        }

        var post = await Untraced.RunAsync(() => ClaimAsync(db, cancellationToken));
        if (post is null)
        {
            // Once per tick, when the due posts are sent (a tick runs batches until one finds
            // nothing): notes written while the channel was not configured, and posts sharing a
            // news item that is not published (or no longer held), say what they wait for; a
            // post sharing a retracted item fails.
            var waiting = await Untraced.RunAsync(() => db.SocialPosts
                .Where(p => p.Status == SocialPostStatus.Approved)
                .Select(p => new { Post = p, Shared = db.NewsItems.FirstOrDefault(i => i.Id == p.NewsItemId) })
                .Where(w => w.Post.DeliveryNote.StartsWith(LinkedInOptions.NotConfigured) || w.Post.DeliveryNote.StartsWith(SharedNewsItem.Held)
                    || (w.Shared != null && w.Shared.Status != NewsStatus.Published))
                .Select(w => new Waiting(w.Post, w.Shared))
                .ToListAsync(cancellationToken));
            if (waiting.Count > 0)
            {
                await RenoteAsync(db, waiting, cancellationToken);
            }

            return 0;
        }

        using var work = StartWork("send social post")?.SetTag("platform.social_post.id", post.Id.ToString());
        var shared = post.NewsItemId is { } newsItemId
            ? await db.NewsItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == newsItemId, cancellationToken)
            : null;
        if (SharedNewsItem.Retraction(shared) is { } retraction)
        {
            // Retracted since the claim read it published: not sent.
            await FailAsync(db, post, retraction, cancellationToken);
            return 1;
        }

        var channel = scope.ServiceProvider.GetRequiredService<LinkedInChannel>();
        var outcome = await EarlierAttemptAsync(db, channel, post, cancellationToken)
            ?? await channel.PublishAsync(post, shared?.Title, cancellationToken);
        await RecordAsync(db, post, outcome, cancellationToken);
        return 1;
    }

    /// <summary>
    /// Before an attempt that follows another (attempts are counted at the claim), whether LinkedIn
    /// took an earlier one after all: its answer may have been lost (a time-out, a dropped
    /// connection, a gateway's 5xx, the process gone before the answer was recorded), and LinkedIn's
    /// API takes no idempotency key, so sending again would show the post twice on the page. A post
    /// of the page with this post's commentary, created since it was approved (a minute's leeway
    /// for LinkedIn's clock) and recorded for no other social post, is its receipt. When LinkedIn
    /// cannot be asked, this attempt fails as a send would: the post is never sent blind.
    /// </summary>
    private static async Task<ChannelOutcome?> EarlierAttemptAsync(CommunityDbContext db, LinkedInChannel channel, SocialPost post, CancellationToken cancellationToken)
    {
        if (post.Attempts <= 1)
        {
            return null;
        }

        var since = (post.ApprovedAt ?? post.CreatedAt) - TimeSpan.FromMinutes(1);
        var (urns, failure) = await channel.EarlierAttemptsAsync(post, since, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        foreach (var urn in urns)
        {
            if (!await db.SocialPosts.AnyAsync(p => p.ExternalId == urn && p.Id != post.Id, cancellationToken))
            {
                return ChannelOutcome.Accepted(LinkedInChannel.Receipt(urn));
            }
        }

        return null;
    }

    private static async Task FailAsync(CommunityDbContext db, SocialPost post, string reason, CancellationToken cancellationToken)
    {
        post.Fail(reason);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed meanwhile: once its lease ends the claim passes it by and the next tick fails it.
        }
    }

    /// <summary>
    /// Records LinkedIn's answer. A change made while the call was out (a new <c>publish_at</c>)
    /// loses the race, never the answer: on a conflict the post is read again and the answer
    /// applied to it, so a post LinkedIn took is Published and announced, not sent again.
    /// </summary>
    private async Task RecordAsync(CommunityDbContext db, SocialPost post, ChannelOutcome outcome, CancellationToken cancellationToken)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            Record(db, post, outcome);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (conflicts < 5)
            {
                db.ChangeTracker.Clear();
                post = await db.SocialPosts.SingleAsync(p => p.Id == post.Id, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Approved posts say what they wait for now (the channel was configured since, the news item
    /// they share was published or rescheduled); one sharing a retracted news item fails.
    /// </summary>
    private async Task RenoteAsync(CommunityDbContext db, List<Waiting> posts, CancellationToken cancellationToken)
    {
        var now = calendar.Now();
        foreach (var (post, shared) in posts)
        {
            if (SharedNewsItem.Retraction(shared) is { } retraction)
            {
                post.Fail(retraction);
                continue;
            }

            var note = options.Value.DeliveryNote(post.PublishAt, now, SharedNewsItem.HeldNote(shared));
            if (note != post.DeliveryNote)
            {
                post.Renote(note);
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A post changed meanwhile (rescheduled, claimed by another instance): the next tick reads it again.
        }

        db.ChangeTracker.Clear();
    }

    private async Task<SocialPost?> ClaimAsync(CommunityDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginAllOrNothingAsync(cancellationToken);
        var now = calendar.Now();
        var post = await db.SocialPosts.FromSql($"""
            SELECT * FROM social_posts
            WHERE "Status" = 'Approved' AND ("PublishAt" IS NULL OR "PublishAt" <= {now}) AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {now})
              AND ("NewsItemId" IS NULL OR EXISTS (SELECT 1 FROM news_items n WHERE n."Id" = social_posts."NewsItemId" AND n."Status" = 'Published'))
            ORDER BY COALESCE("PublishAt", "ApprovedAt") LIMIT 1 FOR UPDATE SKIP LOCKED
            """).SingleOrDefaultAsync(cancellationToken);
        if (post is not null)
        {
            post.Claim(now + (2 * options.Value.RequestTimeout));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return post;
    }

    private void Record(CommunityDbContext db, SocialPost post, ChannelOutcome outcome)
    {
        var now = calendar.Now();
        var linkedIn = options.Value;
        if (outcome.Receipt is { } receipt)
        {
            post.Published(receipt, now);
            db.AddEvent(new SocialPostPublished
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = now,
                SocialPostId = post.Id,
                Channel = post.Channel,
                Url = receipt.Url,
                NewsItemId = post.NewsItemId,
            }, post.Id);
        }
        else if (outcome.Permanent)
        {
            post.Fail($"{outcome.Failure} (attempt {post.Attempts}; not retried: the channel refused the post)");
        }
        else if (post.Attempts >= linkedIn.MaxAttempts)
        {
            post.Fail($"All {post.Attempts} attempts failed; the last: {outcome.Failure}");
        }
        else
        {
            var next = now + linkedIn.EffectiveRetryDelays[post.Attempts - 1];
            post.AttemptFailed($"Attempt {post.Attempts} of {linkedIn.MaxAttempts} failed: {outcome.Failure}; next attempt at {next:u}", next);
        }
    }

    /// <summary>An approved post and the news item it shares (null when none).</summary>
    private sealed record Waiting(SocialPost Post, NewsItem? Shared);
}
