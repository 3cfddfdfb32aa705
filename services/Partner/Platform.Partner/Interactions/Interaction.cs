namespace Platform.Partner.Interactions;

public enum InteractionKind
{
    Call,
    Meeting,
    Email,
    Event,
}

/// <summary>A contact moment of the community manager with an organization or an expert, perhaps with a follow-up.</summary>
public sealed class Interaction
{
    private Interaction()
    {
    }

    public Guid Id { get; private set; }

    public Guid? OrganizationId { get; private set; }

    public Guid? ExpertId { get; private set; }

    public Guid? ContactId { get; private set; }

    public InteractionKind Kind { get; private set; }

    public string Summary { get; private set; } = string.Empty;

    public DateTimeOffset OccurredAt { get; private set; }

    public string LoggedBy { get; private set; } = string.Empty;

    public DateOnly? FollowUpOn { get; private set; }

    public DateTimeOffset? FollowUpDoneAt { get; private set; }

    public static Interaction Log(InteractionRecord record, string loggedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new Interaction
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = record.OrganizationId,
            ExpertId = record.ExpertId,
            ContactId = record.ContactId,
            Kind = record.Kind,
            Summary = record.Summary.Trim(),
            OccurredAt = record.OccurredAt ?? now,
            LoggedBy = loggedBy,
            FollowUpOn = record.FollowUpOn,
        };
    }

    public void CompleteFollowUp(DateTimeOffset now) => FollowUpDoneAt = now;
}

/// <summary>What a caller logs, validated.</summary>
public sealed record InteractionRecord(
    Guid? OrganizationId,
    Guid? ExpertId,
    Guid? ContactId,
    InteractionKind Kind,
    string Summary,
    DateTimeOffset? OccurredAt,
    DateOnly? FollowUpOn);
