namespace Platform.Community.News;

/// <summary>Where the news lives on the website and how the feed describes itself (<c>Community:News</c>).</summary>
public sealed class NewsOptions
{
    public const string Section = "Community:News";

    /// <summary>The website's news address; an item is at <c>{WebsiteUrl}/{id}</c>.</summary>
    public Uri WebsiteUrl { get; set; } = new("https://www.100monthstochange.example/news");

    /// <summary>
    /// The feed's public address, its <c>self</c> link; by default <c>{WebsiteUrl}/feed.atom</c>.
    /// Configured, never taken from a request: anyone can write a Host header, and the feed is
    /// cached for every reader.
    /// </summary>
    public Uri FeedUrl
    {
        get => field ?? new(WebsiteUrl.AbsoluteUri.TrimEnd('/') + "/feed.atom");
        set;
    }

    public string FeedTitle { get; set; } = "100 Months to Change: news";

    public string FeedAuthor { get; set; } = "100 Months to Change";

    /// <summary>
    /// How long a reader, and any cache on the way, may keep the feed (its <c>Cache-Control</c>
    /// max-age); also the longest the service itself serves a feed after building it, so a change
    /// whose cache invalidation was lost shows within it (<see cref="FeedCache"/>). At least 2 s.
    /// </summary>
    public TimeSpan FeedMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the scheduler looks for items whose time has come.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(5);

    public Uri UrlOf(Guid id) => new(WebsiteUrl.AbsoluteUri.TrimEnd('/') + "/" + id.ToString("D"));
}
