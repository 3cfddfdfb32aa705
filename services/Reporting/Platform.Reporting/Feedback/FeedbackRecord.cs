namespace Platform.Reporting.Feedback;

/// <summary>The latest revision of one professional's feedback on one experience.</summary>
public sealed class FeedbackRecord
{
    public required Guid FeedbackId { get; init; }

    public required int Revision { get; set; }

    public required Guid ExperienceId { get; set; }

    public required string ExperienceKind { get; set; }

    public required Guid FormatId { get; set; }

    public required List<Guid> HostPartnerIds { get; set; }

    public required string ProfessionalId { get; set; }

    public required int Score { get; set; }

    public required bool WillAct { get; set; }

    /// <summary>Personal: removed on erasure.</summary>
    public string? Comment { get; set; }

    public required DateOnly Day { get; set; }
}
