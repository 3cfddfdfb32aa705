namespace Platform.Reporting.Reach;

/// <summary>One professional in the reach ledger: reached once, however often and wherever they attend.</summary>
public sealed class ReachedProfessional
{
    /// <summary>The professional id from the events; a pseudonym after erasure.</summary>
    public required string ProfessionalId { get; set; }

    /// <summary>Start of the earliest session attended.</summary>
    public required DateTimeOffset FirstReachedAt { get; set; }

    /// <summary>That start's date in the network's time zone.</summary>
    public required DateOnly FirstReachDay { get; set; }

    /// <summary>The experience kind of the first reach.</summary>
    public required string Channel { get; set; }

    public required Guid ExperienceId { get; set; }

    /// <summary>The first host partner of that experience.</summary>
    public Guid? PartnerId { get; set; }
}

/// <summary>What attendance recorded for one registration at one session: attended (with hours) or a no-show.</summary>
public sealed class AttendanceRecord
{
    public required Guid RegistrationId { get; init; }

    public required Guid SessionId { get; init; }

    public required Guid ExperienceId { get; init; }

    public required string ProfessionalId { get; set; }

    public required bool Attended { get; set; }

    /// <summary>The experience kind; null for a no-show (its event does not carry it).</summary>
    public string? Channel { get; set; }

    /// <summary>Start of the session: the instant of reach.</summary>
    public required DateTimeOffset SessionStartsAt { get; init; }

    public required DateOnly Day { get; set; }

    public required decimal Hours { get; set; }

    /// <summary>
    /// The experience's host partners, from its attendance events; a no-show (its event names none) keeps
    /// those of the attendance it corrects or that arrives after it.
    /// </summary>
    public required List<Guid> HostPartnerIds { get; set; }

    /// <summary>When the latest applied record happened; an older one arriving later is ignored.</summary>
    public required DateTimeOffset RecordedAt { get; set; }
}
