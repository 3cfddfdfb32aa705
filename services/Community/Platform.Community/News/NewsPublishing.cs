using Platform.Community.Data;
using Platform.Contracts.Events;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Community.News;

/// <summary>Putting an item live, the same way for an editor and for the scheduler: the status and its NewsPublished together.</summary>
public static class NewsPublishing
{
    public static void Publish(CommunityDbContext db, NewsItem item, NewsOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        item.Publish(now);
        db.AddEvent(new NewsPublished
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = now,
            NewsItemId = item.Id,
            Title = item.Title,
            Url = options.UrlOf(item.Id).AbsoluteUri,
            Tags = item.Tags,
            ExperienceId = item.ExperienceId,
            PartnerIds = item.PartnerIds,
        }, item.Id);
    }
}
