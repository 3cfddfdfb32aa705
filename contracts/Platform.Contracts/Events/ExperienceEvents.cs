// The Experience service's events in one file: subscribers read one producer's whole contract in one place.

namespace Platform.Contracts.Events;

/// <summary>Published when an experience is planned from a format and opens for registration.</summary>
public sealed record ExperienceScheduled : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>Title shown to participants.</summary>
    public required string Title { get; init; }

    /// <summary>Kind: <c>Screening</c>, <c>RoundTable</c>, <c>Webinar</c>, <c>Event</c>, <c>Trajectory</c> or <c>Programme</c>.</summary>
    public required string ExperienceKind { get; init; }

    /// <summary>The Experience Manual format it follows.</summary>
    public required Guid FormatId { get; init; }

    /// <summary>Name of that format.</summary>
    public required string FormatName { get; init; }

    /// <summary>Version of the format it follows (1, 2, ...).</summary>
    public required int FormatVersion { get; init; }

    /// <summary>Organization ids of the host partners; at least one.</summary>
    public required IReadOnlyList<Guid> HostPartnerIds { get; init; }

    /// <summary>Experts who facilitate it; empty when none.</summary>
    public required IReadOnlyList<Guid> FacilitatorExpertIds { get; init; }

    /// <summary><c>true</c> when it takes place online.</summary>
    public required bool IsOnline { get; init; }

    /// <summary>Venue and city; null when online or not yet known.</summary>
    public string? Location { get; init; }

    /// <summary>Seats per session; null when unlimited. Registrations beyond it are waitlisted.</summary>
    public int? Capacity { get; init; }
}

/// <summary>Published when a session of an experience is planned: each of its sessions when the experience is scheduled, and a session added to a scheduled experience when it is added.</summary>
public sealed record SessionScheduled : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The session.</summary>
    public required Guid SessionId { get; init; }

    /// <summary>The experience it belongs to.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>Position of the session in the experience, from 1.</summary>
    public required int Sequence { get; init; }

    /// <summary>Title of the session, e.g. <c>Workshop 2: Planning</c>; null when the experience has one session.</summary>
    public string? Title { get; init; }

    /// <summary>Start (UTC).</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>End (UTC).</summary>
    public required DateTimeOffset EndsAt { get; init; }

    /// <summary>Venue and city; null when online.</summary>
    public string? Location { get; init; }

    /// <summary>Seats; null when unlimited.</summary>
    public int? Capacity { get; init; }
}

/// <summary>Published when a professional gets a seat: a direct registration, or a waitlisted one promoted (after WaitlistPromoted).</summary>
public sealed record ParticipantRegistered : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The registration.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>The session registered for; null when the registration covers the whole series.</summary>
    public Guid? SessionId { get; init; }

    /// <summary>The professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>Name as the participant gave it.</summary>
    public required string FullName { get; init; }

    /// <summary>E-mail address as the participant gave it.</summary>
    public required string Email { get; init; }

    /// <summary>Organization as the participant gave it; null when not given.</summary>
    public string? OrganizationName { get; init; }

    /// <summary>The pipeline organization the participant belongs to, when known; null otherwise.</summary>
    public Guid? OrganizationId { get; init; }

    /// <summary>Job title or role; null when not given.</summary>
    public string? Role { get; init; }

    /// <summary><c>true</c> when the seat came from the waitlist (a waitlist conversion).</summary>
    public required bool FromWaitlist { get; init; }
}

/// <summary>Published when a registration finds the session or series full and is put on the waitlist.</summary>
public sealed record ParticipantWaitlisted : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The registration.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>The session; null when the registration covers the whole series.</summary>
    public Guid? SessionId { get; init; }

    /// <summary>The professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>Place on the waitlist when added, from 1.</summary>
    public required int Position { get; init; }
}

/// <summary>Published when a registration or a waitlist place is cancelled, including each open one of a cancelled experience except a seat that was used: a registration for one session that was checked in to it stays registered with its attendance and gets none (a series registration is cancelled, its attendances stay).</summary>
public sealed record RegistrationCancelled : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The registration.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>The session; null when the registration covered the whole series.</summary>
    public Guid? SessionId { get; init; }

    /// <summary>The professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>Status before cancelling: <c>Registered</c> or <c>Waitlisted</c>.</summary>
    public required string PreviousStatus { get; init; }

    /// <summary>Who cancelled: <c>Participant</c>, <c>Organizer</c> (also when the experience was cancelled) or <c>Erasure</c> (the professional's data was erased: their places still ahead are given up).</summary>
    public required string CancelledBy { get; init; }

    /// <summary>Reason given; null when none.</summary>
    public string? Reason { get; init; }
}

/// <summary>Published when a waitlisted registration gets a freed seat; a ParticipantRegistered with <c>fromWaitlist</c> true follows.</summary>
public sealed record WaitlistPromoted : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The registration.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>The session; null when the registration covers the whole series.</summary>
    public Guid? SessionId { get; init; }

    /// <summary>The professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>When it was put on the waitlist.</summary>
    public required DateTimeOffset WaitlistedAt { get; init; }
}

/// <summary>Published when attendance is recorded for a professional who attended a session.</summary>
public sealed record ParticipantAttended : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The registration.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>The session attended.</summary>
    public required Guid SessionId { get; init; }

    /// <summary>The professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>Kind of the experience, the reach channel: <c>Screening</c>, <c>RoundTable</c>, <c>Webinar</c>, <c>Event</c>, <c>Trajectory</c> or <c>Programme</c>.</summary>
    public required string ExperienceKind { get; init; }

    /// <summary>Organization ids of the experience's host partners.</summary>
    public required IReadOnlyList<Guid> HostPartnerIds { get; init; }

    /// <summary>Start of the session: the date of reach.</summary>
    public required DateTimeOffset SessionStartsAt { get; init; }

    /// <summary>Hours attended, summed into participant-hours.</summary>
    public required double HoursAttended { get; init; }
}

/// <summary>Published when attendance is recorded and a registered professional did not come.</summary>
public sealed record ParticipantNoShow : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The registration.</summary>
    public required Guid RegistrationId { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>The session missed.</summary>
    public required Guid SessionId { get; init; }

    /// <summary>The professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>Start of the session.</summary>
    public required DateTimeOffset SessionStartsAt { get; init; }

    /// <summary>Organization ids of the experience's host partners; added 2026-11-26: null in no-shows published before.</summary>
    public IReadOnlyList<Guid>? HostPartnerIds { get; init; }
}

/// <summary>Published when a run completes a phase of its format, e.g. the Diagnosis of a climate-team trajectory.</summary>
public sealed record PhaseCompleted : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>The format it follows.</summary>
    public required Guid FormatId { get; init; }

    /// <summary>Version of the format.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>Position of the phase in the format, from 1.</summary>
    public required int PhaseNumber { get; init; }

    /// <summary>Name of the phase, e.g. <c>Diagnosis</c>, <c>Planning</c>, <c>Action</c>, <c>Anchoring</c>.</summary>
    public required string PhaseName { get; init; }

    /// <summary>Names of the format's steps in this phase that were skipped; empty when the phase ran as the manual says.</summary>
    public required IReadOnlyList<string> SkippedSteps { get; init; }
}

/// <summary>Published when the last session and phase of an experience are done.</summary>
public sealed record ExperienceCompleted : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>Kind: <c>Screening</c>, <c>RoundTable</c>, <c>Webinar</c>, <c>Event</c>, <c>Trajectory</c> or <c>Programme</c>.</summary>
    public required string ExperienceKind { get; init; }

    /// <summary>The format it followed.</summary>
    public required Guid FormatId { get; init; }

    /// <summary>Version of the format.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>Organization ids of the host partners.</summary>
    public required IReadOnlyList<Guid> HostPartnerIds { get; init; }

    /// <summary>Sessions that took place.</summary>
    public required int SessionsHeld { get; init; }

    /// <summary>Unique professionals who attended at least one session.</summary>
    public required int ParticipantCount { get; init; }

    /// <summary>Sum of <c>hoursAttended</c> over its ParticipantAttended events.</summary>
    public required double ParticipantHours { get; init; }
}

/// <summary>Published when a scheduled experience (one announced by ExperienceScheduled) is called off before it completes; each open registration also gets a RegistrationCancelled, except a registration for one session that was checked in to it (its attendance stands). Cancelling a draft publishes nothing.</summary>
public sealed record ExperienceCancelled : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>Kind: <c>Screening</c>, <c>RoundTable</c>, <c>Webinar</c>, <c>Event</c>, <c>Trajectory</c> or <c>Programme</c>.</summary>
    public required string ExperienceKind { get; init; }

    /// <summary>Organization ids of the host partners.</summary>
    public required IReadOnlyList<Guid> HostPartnerIds { get; init; }

    /// <summary>Why; null when not recorded.</summary>
    public string? Reason { get; init; }
}

/// <summary>Published when a professional or climate team commits to a climate action, from feedback or on a trajectory's action list.</summary>
public sealed record ActionCommitted : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The action.</summary>
    public required Guid ActionId { get; init; }

    /// <summary>The experience it came from; null when recorded outside one.</summary>
    public Guid? ExperienceId { get; init; }

    /// <summary>Organization id of the partner the action is carried out in; null when none.</summary>
    public Guid? PartnerId { get; init; }

    /// <summary>What will be done.</summary>
    public required string Title { get; init; }

    /// <summary>Theme: <c>EnergyWater</c>, <c>Waste</c>, <c>PaperPurchasing</c>, <c>Mobility</c> or <c>Other</c>.</summary>
    public required string Theme { get; init; }

    /// <summary>Name of the person responsible.</summary>
    public required string Owner { get; init; }

    /// <summary>The owner's professional id when the owner is a known professional (the funnel's committed step); null otherwise.</summary>
    public string? OwnerProfessionalId { get; init; }

    /// <summary>Deadline; the action is overdue after it while not <c>Done</c> or <c>Dropped</c>.</summary>
    public required DateOnly DueOn { get; init; }

    /// <summary>Status at commitment: <c>Open</c>, <c>InProgress</c>, <c>Done</c> or <c>Dropped</c> (usually <c>Open</c>).</summary>
    public required string Status { get; init; }
}

/// <summary>
/// Published when an action's status changes, and when only its deadline moves or it is handed to another
/// owner (then <c>FromStatus</c> equals <c>ToStatus</c>): overdue counts depend on the deadline, the
/// funnel's committed and completed steps on the owner's professional id.
/// </summary>
public sealed record ActionStatusChanged : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The action.</summary>
    public required Guid ActionId { get; init; }

    /// <summary>The experience it came from; null when recorded outside one.</summary>
    public Guid? ExperienceId { get; init; }

    /// <summary>Organization id of the partner it is carried out in; null when none.</summary>
    public Guid? PartnerId { get; init; }

    /// <summary>Theme: <c>EnergyWater</c>, <c>Waste</c>, <c>PaperPurchasing</c>, <c>Mobility</c> or <c>Other</c>.</summary>
    public required string Theme { get; init; }

    /// <summary>The owner's professional id when known; null otherwise (also after the action was handed to another owner).</summary>
    public string? OwnerProfessionalId { get; init; }

    /// <summary>Status before: <c>Open</c>, <c>InProgress</c>, <c>Done</c> or <c>Dropped</c>.</summary>
    public required string FromStatus { get; init; }

    /// <summary>Status after: <c>Open</c>, <c>InProgress</c>, <c>Done</c> or <c>Dropped</c>; <c>Done</c> is the funnel's completed step.</summary>
    public required string ToStatus { get; init; }

    /// <summary>Current deadline.</summary>
    public required DateOnly DueOn { get; init; }
}

/// <summary>Published when a participant gives feedback on an experience; a later submission by the same professional replaces the earlier one.</summary>
public sealed record FeedbackSubmitted : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The feedback, the same for every revision by this professional on this experience.</summary>
    public required Guid FeedbackId { get; init; }

    /// <summary>1 for the first submission; a higher revision replaces the lower ones.</summary>
    public required int Revision { get; init; }

    /// <summary>The experience.</summary>
    public required Guid ExperienceId { get; init; }

    /// <summary>Kind: <c>Screening</c>, <c>RoundTable</c>, <c>Webinar</c>, <c>Event</c>, <c>Trajectory</c> or <c>Programme</c>.</summary>
    public required string ExperienceKind { get; init; }

    /// <summary>The format it followed, for NPS per format.</summary>
    public required Guid FormatId { get; init; }

    /// <summary>Organization ids of the host partners.</summary>
    public required IReadOnlyList<Guid> HostPartnerIds { get; init; }

    /// <summary>The professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>Would-recommend score from 0 to 10 (NPS: 9-10 promoters, 0-6 detractors).</summary>
    public required int Score { get; init; }

    /// <summary><c>true</c> when the participant intends to take action.</summary>
    public required bool WillAct { get; init; }

    /// <summary>Free text; null when none.</summary>
    public string? Comment { get; init; }
}
