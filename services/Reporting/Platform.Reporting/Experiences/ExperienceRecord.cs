namespace Platform.Reporting.Experiences;

/// <summary>An experience as Reporting knows it: enough to name it and to find a partner's experiences.</summary>
public sealed class ExperienceRecord
{
    public required Guid ExperienceId { get; init; }

    /// <summary>Null until the ExperienceScheduled arrives.</summary>
    public string? Title { get; set; }

    public required string Kind { get; set; }

    public required Guid FormatId { get; set; }

    public string? FormatName { get; set; }

    public required List<Guid> HostPartnerIds { get; set; }

    /// <summary>Scheduled, Completed or Cancelled.</summary>
    public required string Status { get; set; }

    public int PhasesCompleted { get; set; }

    /// <summary>Steps of the format skipped in its completed phases: deviations from the manual.</summary>
    public int StepsSkipped { get; set; }
}
