using Platform.Community.News;

namespace Platform.Community.Social;

/// <summary>
/// A post that shares a news item shows the item's title on LinkedIn, so it goes out only once the
/// item is published: until then it is held, and a post sharing a retracted item is not sent.
/// </summary>
public static class SharedNewsItem
{
    /// <summary>How the delivery note of a held post begins.</summary>
    public const string Held = "held until news item";

    /// <summary>What a post sharing <paramref name="item"/> waits for; null when the item is published (or none is shared).</summary>
    public static string? HeldNote(NewsItem? item) => item?.Status switch
    {
        NewsStatus.Draft => $"{Held} '{item.Title}' is published (it is a draft); then it goes out at its time",
        NewsStatus.Scheduled => $"{Held} '{item.Title}' is published (scheduled for {item.PublishAt:u}); then it goes out at its time",
        _ => null,
    };

    /// <summary>Why a post sharing <paramref name="item"/> is not sent; null unless the item was retracted.</summary>
    public static string? Retraction(NewsItem? item) => item is { Status: NewsStatus.Retracted }
        ? $"Not sent: news item '{item.Title}' was retracted at {item.RetractedAt:u} ({item.RetractionReason})"
        : null;
}
