// The Partner service's events in one file: subscribers read one producer's whole contract in one place.

namespace Platform.Contracts.Events;

/// <summary>Published when an organization is first recorded in the partner pipeline (usually as a Lead).</summary>
public sealed record OrganizationRegistered : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The organization; the same id is the partner id in every other event.</summary>
    public required Guid OrganizationId { get; init; }

    /// <summary>Registered name of the organization.</summary>
    public required string Name { get; init; }

    /// <summary>Sector: <c>Government</c>, <c>Education</c>, <c>Business</c> or <c>Nonprofit</c>.</summary>
    public required string Sector { get; init; }

    /// <summary>Pipeline stage it enters at: <c>Lead</c>, <c>Contacted</c>, <c>Proposal</c>, <c>Partner</c>, <c>Alumni</c> or <c>Lost</c> (usually <c>Lead</c>).</summary>
    public required string Stage { get; init; }

    /// <summary>Province or region, e.g. <c>Utrecht</c>; null when unknown.</summary>
    public string? Region { get; init; }

    /// <summary>Number of employees; null when unknown.</summary>
    public int? EmployeeCount { get; init; }

    /// <summary>Absolute address of its website; null when unknown.</summary>
    public string? Website { get; init; }
}

/// <summary>Published when an organization's details change (name, sector, region, employee count or website); an update that changes nothing publishes nothing.</summary>
public sealed record OrganizationUpdated : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published; the details of the latest <c>occurredAt</c> are the current ones.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The organization.</summary>
    public required Guid OrganizationId { get; init; }

    /// <summary>Its name after the change.</summary>
    public required string Name { get; init; }

    /// <summary>Its sector after the change: <c>Government</c>, <c>Education</c>, <c>Business</c> or <c>Nonprofit</c>.</summary>
    public required string Sector { get; init; }

    /// <summary>Province or region after the change; null when unknown.</summary>
    public string? Region { get; init; }

    /// <summary>Number of employees after the change; null when unknown.</summary>
    public int? EmployeeCount { get; init; }

    /// <summary>Absolute address of its website after the change; null when unknown.</summary>
    public string? Website { get; init; }
}

/// <summary>Published when an organization moves from one pipeline stage to another.</summary>
public sealed record PipelineStageChanged : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The organization.</summary>
    public required Guid OrganizationId { get; init; }

    /// <summary>Its name at the time of the change.</summary>
    public required string OrganizationName { get; init; }

    /// <summary>Its sector: <c>Government</c>, <c>Education</c>, <c>Business</c> or <c>Nonprofit</c>.</summary>
    public required string Sector { get; init; }

    /// <summary>Stage before the change: <c>Lead</c>, <c>Contacted</c>, <c>Proposal</c>, <c>Partner</c>, <c>Alumni</c> or <c>Lost</c>.</summary>
    public required string FromStage { get; init; }

    /// <summary>Stage after the change: <c>Lead</c>, <c>Contacted</c>, <c>Proposal</c>, <c>Partner</c>, <c>Alumni</c> or <c>Lost</c>.</summary>
    public required string ToStage { get; init; }

    /// <summary>Why, in the community manager's words (typically given for <c>Lost</c>); null when not recorded.</summary>
    public string? Reason { get; init; }
}

/// <summary>Published when an organization becomes a Partner, right after the PipelineStageChanged to <c>Partner</c>.</summary>
public sealed record PartnerJoined : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The new partner.</summary>
    public required Guid OrganizationId { get; init; }

    /// <summary>Its name.</summary>
    public required string OrganizationName { get; init; }

    /// <summary>Its sector: <c>Government</c>, <c>Education</c>, <c>Business</c> or <c>Nonprofit</c>.</summary>
    public required string Sector { get; init; }

    /// <summary>Province or region; null when unknown.</summary>
    public string? Region { get; init; }

    /// <summary>Stage it came from: <c>Lead</c>, <c>Contacted</c>, <c>Proposal</c>, <c>Partner</c>, <c>Alumni</c> or <c>Lost</c>; <c>Lead</c>, <c>Contacted</c> or <c>Proposal</c> count as a Lead→Partner conversion.</summary>
    public required string PreviousStage { get; init; }

    /// <summary>When the organization entered the pipeline, for the time a conversion took.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }
}

/// <summary>Published when a Partner ends the partnership, moving to <c>Alumni</c> or <c>Lost</c>.</summary>
public sealed record PartnerLeft : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The former partner.</summary>
    public required Guid OrganizationId { get; init; }

    /// <summary>Its name.</summary>
    public required string OrganizationName { get; init; }

    /// <summary>Its sector: <c>Government</c>, <c>Education</c>, <c>Business</c> or <c>Nonprofit</c>.</summary>
    public required string Sector { get; init; }

    /// <summary>Stage it moves to: <c>Alumni</c> or <c>Lost</c>.</summary>
    public required string ToStage { get; init; }

    /// <summary>When it became a Partner.</summary>
    public required DateTimeOffset JoinedAt { get; init; }

    /// <summary>Why it left; null when not recorded.</summary>
    public string? Reason { get; init; }
}

/// <summary>Published when a contact person of an organization gives or withdraws consent for one purpose.</summary>
public sealed record ContactConsentChanged : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The contact person.</summary>
    public required Guid ContactId { get; init; }

    /// <summary>The organization the contact works for.</summary>
    public required Guid OrganizationId { get; init; }

    /// <summary>The contact as a professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>What the consent is for: <c>Newsletter</c>, <c>PhotosAndQuotes</c> or <c>SharingWithPartner</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary><c>true</c> when consent is given, <c>false</c> when it is withdrawn.</summary>
    public required bool Given { get; init; }
}

/// <summary>Published when an expert joins the network's pool of experts.</summary>
public sealed record ExpertRegistered : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The expert.</summary>
    public required Guid ExpertId { get; init; }

    /// <summary>The professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>Full name.</summary>
    public required string Name { get; init; }

    /// <summary>The expert's own company or employer; null when independent.</summary>
    public string? OrganizationName { get; init; }

    /// <summary>Themes the expert works on: <c>EnergyWater</c>, <c>Waste</c>, <c>PaperPurchasing</c>, <c>Mobility</c> or <c>Other</c>.</summary>
    public required IReadOnlyList<string> Themes { get; init; }

    /// <summary>Sectors the expert knows: <c>Government</c>, <c>Education</c>, <c>Business</c> or <c>Nonprofit</c>.</summary>
    public required IReadOnlyList<string> Sectors { get; init; }

    /// <summary>ISO 639-1 codes of the languages the expert works in, e.g. <c>nl</c>, <c>en</c>.</summary>
    public required IReadOnlyList<string> Languages { get; init; }

    /// <summary>Hours a month the expert can spend on coaching engagements.</summary>
    public required double MonthlyCoachingCapacityHours { get; init; }
}

/// <summary>Published when an expert is engaged to coach or support a partner.</summary>
public sealed record ExpertEngaged : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The engagement.</summary>
    public required Guid EngagementId { get; init; }

    /// <summary>The expert.</summary>
    public required Guid ExpertId { get; init; }

    /// <summary>The partner the expert works with.</summary>
    public required Guid OrganizationId { get; init; }

    /// <summary>The experience the engagement follows up on; null when it stands alone.</summary>
    public Guid? ExperienceId { get; init; }

    /// <summary>What the expert will do, in a sentence or two.</summary>
    public required string Scope { get; init; }

    /// <summary>Coaching hours agreed.</summary>
    public required double PlannedHours { get; init; }
}

/// <summary>Published when an engagement is closed with the hours the expert logged.</summary>
public sealed record EngagementCompleted : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The engagement.</summary>
    public required Guid EngagementId { get; init; }

    /// <summary>The expert.</summary>
    public required Guid ExpertId { get; init; }

    /// <summary>The partner.</summary>
    public required Guid OrganizationId { get; init; }

    /// <summary>The experience it followed up on; null when it stood alone.</summary>
    public Guid? ExperienceId { get; init; }

    /// <summary>Coaching hours agreed.</summary>
    public required double PlannedHours { get; init; }

    /// <summary>Coaching hours the expert logged; these are the coaching hours reported.</summary>
    public required double LoggedHours { get; init; }
}
