namespace Platform.Community.Social;

public enum SocialPostStatus
{
    Draft,
    Approved,
    Published,
    Failed,
}

/// <summary>A post for the LinkedIn company page: written, approved, then sent by the channel at its time.</summary>
public sealed class SocialPost
{
    public const string LinkedIn = "LinkedIn";
    public const int NoteLimit = 1000;

    private SocialPost()
    {
    }

    public Guid Id { get; private set; }

    public string Channel { get; private set; } = LinkedIn;

    public string Text { get; private set; } = string.Empty;

    public Guid? NewsItemId { get; private set; }

    public string LinkUrl { get; private set; } = string.Empty;

    public SocialPostStatus Status { get; private set; }

    public DateTimeOffset? PublishAt { get; private set; }

    public string ApprovedBy { get; private set; } = string.Empty;

    public DateTimeOffset? ApprovedAt { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>When the channel may try (again); a claimed post's lease ends then too.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    public string DeliveryNote { get; private set; } = string.Empty;

    public string FailureReason { get; private set; } = string.Empty;

    public DateTimeOffset? PublishedAt { get; private set; }

    public string ExternalId { get; private set; } = string.Empty;

    public string Url { get; private set; } = string.Empty;

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Optimistic concurrency: every change increments it.</summary>
    public int Version { get; private set; }

    public static SocialPost Draft(string text, Guid? newsItemId, string linkUrl, string createdBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Text = text,
        NewsItemId = newsItemId,
        LinkUrl = linkUrl,
        Status = SocialPostStatus.Draft,
        CreatedBy = createdBy,
        CreatedAt = now,
        Version = 1,
    };

    public void Rewrite(string text, string linkUrl)
    {
        Text = text;
        LinkUrl = linkUrl;
        Version++;
    }

    /// <summary>
    /// Sets or clears the time. An approved post's note then says what it waits for
    /// (<paramref name="deliveryNote"/>), unless an attempt that failed or is under way decides
    /// when it goes next: its note stands.
    /// </summary>
    public void ScheduleAt(DateTimeOffset? publishAt, string deliveryNote, DateTimeOffset now)
    {
        PublishAt = publishAt;
        var attemptDecides = NextAttemptAt is { } next && next > now && next >= (publishAt ?? now);
        if (Status == SocialPostStatus.Approved && !attemptDecides)
        {
            DeliveryNote = Cap(deliveryNote);
        }

        Version++;
    }

    public void Approve(string approvedBy, string deliveryNote, DateTimeOffset now)
    {
        Status = SocialPostStatus.Approved;
        ApprovedBy = approvedBy;
        ApprovedAt = now;
        DeliveryNote = deliveryNote;
        Version++;
    }

    /// <summary>An approved post's note says anew what it waits for (the channel was configured since it was written).</summary>
    public void Renote(string deliveryNote)
    {
        DeliveryNote = Cap(deliveryNote);
        Version++;
    }

    /// <summary>Failed -> Approved with a fresh count of attempts.</summary>
    public void Retry(string deliveryNote)
    {
        Status = SocialPostStatus.Approved;
        Attempts = 0;
        NextAttemptAt = null;
        FailureReason = string.Empty;
        DeliveryNote = deliveryNote;
        Version++;
    }

    /// <summary>The channel takes the post for an attempt; until <paramref name="leaseEnds"/> no other instance does.</summary>
    public void Claim(DateTimeOffset leaseEnds)
    {
        Attempts++;
        NextAttemptAt = leaseEnds;
        Version++;
    }

    public void Published(ChannelReceipt receipt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        Status = SocialPostStatus.Published;
        PublishedAt = now;
        ExternalId = receipt.ExternalId;
        Url = receipt.Url ?? string.Empty;
        NextAttemptAt = null;
        DeliveryNote = string.Empty;
        Version++;
    }

    public void AttemptFailed(string note, DateTimeOffset nextAttemptAt)
    {
        DeliveryNote = Cap(note);
        NextAttemptAt = nextAttemptAt;
        Version++;
    }

    public void Fail(string reason)
    {
        Status = SocialPostStatus.Failed;
        FailureReason = Cap(reason);
        DeliveryNote = string.Empty;
        NextAttemptAt = null;
        Version++;
    }

    private static string Cap(string text) => text.Length <= NoteLimit ? text : text[..NoteLimit];
}

/// <summary>What a channel answers when it took a post: its id there and, when known, its address.</summary>
public sealed record ChannelReceipt(string ExternalId, string? Url);
