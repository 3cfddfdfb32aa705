namespace Platform.Reporting.Pipeline;

/// <summary>An organization in the partner pipeline: its stage now and whether it converted from Lead.</summary>
public sealed class OrganizationRecord
{
    public required Guid OrganizationId { get; init; }

    public required string Name { get; set; }

    public required string Sector { get; set; }

    /// <summary>When the applied name and sector were stated (by any of its events); an older event arriving later does not bring back older ones.</summary>
    public required DateTimeOffset DescribedAt { get; set; }

    /// <summary>Empty while only an OrganizationUpdated is known: its stage events are still on their way.</summary>
    public required string Stage { get; set; }

    /// <summary>When the applied stage was reached; an older change arriving later is ignored.</summary>
    public required DateTimeOffset StageChangedAt { get; set; }

    /// <summary>The stage it entered the pipeline at; null until OrganizationRegistered arrives.</summary>
    public string? EnteredStage { get; set; }

    /// <summary>Became a Partner from Lead, Contacted or Proposal.</summary>
    public bool ConvertedFromLead { get; set; }
}

/// <summary>An expert's engagement with a partner and the coaching hours logged on it.</summary>
public sealed class EngagementRecord
{
    public required Guid EngagementId { get; init; }

    public required Guid ExpertId { get; set; }

    public required Guid OrganizationId { get; set; }

    public Guid? ExperienceId { get; set; }

    public required decimal PlannedHours { get; set; }

    /// <summary>Null while open.</summary>
    public decimal? LoggedHours { get; set; }
}
