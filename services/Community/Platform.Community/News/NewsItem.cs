namespace Platform.Community.News;

public enum NewsStatus
{
    Draft,
    Scheduled,
    Published,
    Retracted,
}

/// <summary>A news item for the website: written in markdown, scheduled or published, perhaps retracted.</summary>
public sealed class NewsItem
{
    private NewsItem()
    {
    }

    public Guid Id { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string Summary { get; private set; } = string.Empty;

    public string Body { get; private set; } = string.Empty;

    public List<string> Tags { get; private set; } = [];

    public Guid? ExperienceId { get; private set; }

    public List<Guid> PartnerIds { get; private set; } = [];

    public NewsStatus Status { get; private set; }

    public DateTimeOffset? PublishAt { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    public DateTimeOffset? RetractedAt { get; private set; }

    public string RetractionReason { get; private set; } = string.Empty;

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: every change increments it.</summary>
    public int Version { get; private set; }

    public static NewsItem Draft(NewsContent content, string createdBy, DateTimeOffset now)
    {
        var item = new NewsItem { Id = Guid.CreateVersion7(now), Status = NewsStatus.Draft, CreatedBy = createdBy, CreatedAt = now, Version = 1 };
        item.Write(content, now);
        return item;
    }

    public void Update(NewsContent content, DateTimeOffset now)
    {
        Write(content, now);
        Version++;
    }

    public void Schedule(DateTimeOffset publishAt, DateTimeOffset now)
    {
        Status = NewsStatus.Scheduled;
        PublishAt = publishAt;
        UpdatedAt = now;
        Version++;
    }

    public void Unschedule(DateTimeOffset now)
    {
        Status = NewsStatus.Draft;
        PublishAt = null;
        UpdatedAt = now;
        Version++;
    }

    public void Publish(DateTimeOffset now)
    {
        Status = NewsStatus.Published;
        PublishedAt = now;
        UpdatedAt = now;
        Version++;
    }

    public void Retract(string reason, DateTimeOffset now)
    {
        Status = NewsStatus.Retracted;
        RetractedAt = now;
        RetractionReason = reason;
        UpdatedAt = now;
        Version++;
    }

    private void Write(NewsContent content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        Title = content.Title.Trim();
        Summary = content.Summary.Trim();
        Body = content.Body;
        Tags = [.. content.Tags];
        ExperienceId = content.ExperienceId;
        PartnerIds = [.. content.PartnerIds];
        UpdatedAt = now;
    }
}

/// <summary>What an editor writes, validated.</summary>
public sealed record NewsContent(string Title, string Summary, string Body, IReadOnlyList<string> Tags, Guid? ExperienceId, IReadOnlyList<Guid> PartnerIds);
