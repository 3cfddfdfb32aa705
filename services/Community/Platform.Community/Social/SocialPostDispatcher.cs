using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;
using Microsoft.Extensions.Options;
using Platform.Community.Data;
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
/// Failed with the reason. Without configuration nothing is sent and each approved post says so;
/// with it, a post that still says so (approved while the service ran without it) says what it
/// waits for instead.
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
            // nothing): notes written while the channel was not configured say what they wait for.
            var unconfigured = await Untraced.RunAsync(() => db.SocialPosts
                .Where(p => p.Status == SocialPostStatus.Approved && p.DeliveryNote.StartsWith(LinkedInOptions.NotConfigured))
                .ToListAsync(cancellationToken));
            if (unconfigured.Count > 0)
            {
                await RenoteAsync(db, unconfigured, cancellationToken);
            }

            return 0;
        }

        using var work = StartWork("send social post")?.SetTag("platform.social_post.id", post.Id.ToString());
        var title = post.NewsItemId is { } newsItemId
            ? await db.NewsItems.Where(i => i.Id == newsItemId).Select(i => i.Title).SingleOrDefaultAsync(cancellationToken)
            : null;
        var outcome = await scope.ServiceProvider.GetRequiredService<LinkedInChannel>().PublishAsync(post, title, cancellationToken);
        await RecordAsync(db, post, outcome, cancellationToken);
        return 1;
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

    /// <summary>Posts approved while the channel was not configured say what they wait for now that it is.</summary>
    private async Task RenoteAsync(CommunityDbContext db, List<SocialPost> posts, CancellationToken cancellationToken)
    {
        var now = calendar.Now();
        foreach (var post in posts)
        {
            post.Renote(options.Value.DeliveryNote(post.PublishAt, now));
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
}
