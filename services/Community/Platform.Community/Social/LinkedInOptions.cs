namespace Platform.Community.Social;

/// <summary>The LinkedIn channel (<c>Community:LinkedIn</c>): the Posts REST API, the page's token and retry timing.</summary>
public sealed class LinkedInOptions
{
    public const string Section = "Community:LinkedIn";

    /// <summary>How the delivery note of a post approved without the channel's configuration begins.</summary>
    public const string NotConfigured = "channel not configured";

    /// <summary>The API's base address, e.g. <c>https://api.linkedin.com</c>; posts go to <c>{BaseUrl}/rest/posts</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>An OAuth access token of a page administrator with <c>w_organization_social</c> and <c>r_organization_social</c> (a retry first reads the page's posts).</summary>
    public string? AccessToken { get; set; }

    /// <summary>The company page that posts, e.g. <c>urn:li:organization:12345</c>.</summary>
    public string? OrganizationUrn { get; set; }

    /// <summary>The <c>LinkedIn-Version</c> header (YYYYMM).</summary>
    public string ApiVersion { get; set; } = "202506";

    /// <summary>Waits between attempts; after the last one the post is Failed. Five attempts by default.</summary>
    public List<TimeSpan> RetryDelays { get; set; } = [];

    /// <summary>How often the channel looks for posts that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The delays in effect: the configured ones, else 30 s, 2 min, 10 min, 30 min.</summary>
    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays.Count > 0
        ? RetryDelays
        : [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)];

    public int MaxAttempts => EffectiveRetryDelays.Count + 1;

    /// <summary>Empty when the channel can post; else what is missing, in words an operator acts on.</summary>
    public string MissingConfiguration()
    {
        var missing = new List<string>();
        if (BaseUrl is null)
        {
            missing.Add($"{Section}:BaseUrl");
        }

        if (string.IsNullOrWhiteSpace(AccessToken))
        {
            missing.Add($"{Section}:AccessToken");
        }

        if (string.IsNullOrWhiteSpace(OrganizationUrn))
        {
            missing.Add($"{Section}:OrganizationUrn");
        }

        return missing.Count == 0 ? string.Empty : NotConfigured + ": set " + string.Join(", ", missing) + "; the post stays approved until then";
    }

    /// <summary>
    /// What an approved post waits for: the channel's configuration, the news item it shares
    /// (<paramref name="held"/>, <see cref="SharedNewsItem.HeldNote"/>), its time, or its turn.
    /// </summary>
    public string DeliveryNote(DateTimeOffset? publishAt, DateTimeOffset now, string? held)
    {
        var missing = MissingConfiguration();
        return missing.Length > 0 ? missing
            : held is not null ? held
            : publishAt is { } at && at > now ? $"waiting to be published at {at:u}"
            : "queued for LinkedIn";
    }
}
