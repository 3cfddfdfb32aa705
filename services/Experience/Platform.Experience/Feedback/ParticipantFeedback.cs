namespace Platform.Experience.Feedback;

/// <summary>A participant's feedback on an experience: one per professional per experience, the latest revision counts.</summary>
public sealed class ParticipantFeedback
{
    private ParticipantFeedback()
    {
    }

    public Guid Id { get; private set; }

    public Guid ExperienceId { get; private set; }

    public string ProfessionalId { get; private set; } = string.Empty;

    public string FullName { get; private set; } = string.Empty;

    /// <summary>Would-recommend score, 0..10.</summary>
    public int Score { get; private set; }

    public bool WillAct { get; private set; }

    public string Comment { get; private set; } = string.Empty;

    /// <summary>1 for the first submission; each later one adds 1.</summary>
    public int Revision { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }
}
