namespace Platform.Reporting.Registrations;

/// <summary>A registration's history as flags that only ever turn on, so events may arrive in any order.</summary>
public sealed class RegistrationRecord
{
    public required Guid RegistrationId { get; init; }

    public required Guid ExperienceId { get; init; }

    public Guid? SessionId { get; init; }

    public required string ProfessionalId { get; set; }

    /// <summary>Got a seat (ParticipantRegistered).</summary>
    public bool Seated { get; set; }

    /// <summary>Was put on the waitlist.</summary>
    public bool Waitlisted { get; set; }

    /// <summary>Got its seat from the waitlist: a waitlist conversion.</summary>
    public bool Promoted { get; set; }

    public bool Cancelled { get; set; }
}
