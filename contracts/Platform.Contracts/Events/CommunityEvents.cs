// The Community service's events in one file: subscribers read one producer's whole contract in one place.

namespace Platform.Contracts.Events;

/// <summary>Published when a professional becomes a community member, on first registration for an experience or by signing up.</summary>
public sealed record MemberJoined : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The member.</summary>
    public required Guid MemberId { get; init; }

    /// <summary>The professional: lowercase hex SHA-256 of the normalised (trimmed, lower-cased) e-mail address.</summary>
    public required string ProfessionalId { get; init; }

    /// <summary>Name shown in the community.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Organization shown with the name; null when not given.</summary>
    public string? OrganizationName { get; init; }

    /// <summary>How the member joined: <c>Registration</c> (from ParticipantRegistered) or <c>SignUp</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The experience whose registration made the member; null for a sign-up.</summary>
    public Guid? ExperienceId { get; init; }
}

/// <summary>Published when a member exercises the right to erasure; every subscriber erases the personal data it holds for this professional.</summary>
public sealed record MemberErased : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The erased member.</summary>
    public required Guid MemberId { get; init; }

    /// <summary>The professional whose personal data every subscriber erases (aggregate figures stay).</summary>
    public required string ProfessionalId { get; init; }
}

/// <summary>Published when a news item goes live on the website.</summary>
public sealed record NewsPublished : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The news item.</summary>
    public required Guid NewsItemId { get; init; }

    /// <summary>Headline.</summary>
    public required string Title { get; init; }

    /// <summary>Absolute address of the item on the website.</summary>
    public required string Url { get; init; }

    /// <summary>Tags, e.g. the accelerators <c>VisionFirst</c>, <c>Accelerate</c>, <c>Persevere</c>; empty when none.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>The experience the item is about; null when none.</summary>
    public Guid? ExperienceId { get; init; }

    /// <summary>Organization ids of the partners the item features; empty when none.</summary>
    public required IReadOnlyList<Guid> PartnerIds { get; init; }
}

/// <summary>Published when a post goes out on a social channel.</summary>
public sealed record SocialPostPublished : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The post.</summary>
    public required Guid SocialPostId { get; init; }

    /// <summary>Channel: <c>LinkedIn</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>Absolute address of the post on the channel; null when the channel did not return one.</summary>
    public string? Url { get; init; }

    /// <summary>The news item the post shares; null when none.</summary>
    public Guid? NewsItemId { get; init; }
}

/// <summary>Published when a member starts a forum thread.</summary>
public sealed record ThreadStarted : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The thread.</summary>
    public required Guid ThreadId { get; init; }

    /// <summary>Subject of the thread.</summary>
    public required string Title { get; init; }

    /// <summary>The member who started it.</summary>
    public required Guid AuthorMemberId { get; init; }

    /// <summary>The experience whose forum it is in; null for the open forum and for an intervision group's forum.</summary>
    public Guid? ExperienceId { get; init; }

    /// <summary>The group whose forum it is in; null when none.</summary>
    public Guid? GroupId { get; init; }
}

/// <summary>Published when a member replies in a forum thread.</summary>
public sealed record PostAdded : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The post.</summary>
    public required Guid PostId { get; init; }

    /// <summary>The thread.</summary>
    public required Guid ThreadId { get; init; }

    /// <summary>The member who wrote it.</summary>
    public required Guid AuthorMemberId { get; init; }

    /// <summary>The experience whose forum the thread is in; null for the open forum and for an intervision group's forum.</summary>
    public Guid? ExperienceId { get; init; }

    /// <summary>The group whose forum the thread is in; null when none.</summary>
    public Guid? GroupId { get; init; }
}

/// <summary>Published when a group, such as an intervision group or a climate team, is formed in the community.</summary>
public sealed record GroupFormed : IIntegrationEvent
{
    /// <summary>Unique per event; the envelope's <c>messageId</c> and <c>correlationId</c> equal it, so consumers deduplicate on it.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the change happened (UTC), not when it was published.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The group.</summary>
    public required Guid GroupId { get; init; }

    /// <summary>Name of the group.</summary>
    public required string Name { get; init; }

    /// <summary>Kind: <c>Intervision</c>, <c>ClimateTeam</c> or <c>Interest</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The experience it was formed for; null when none.</summary>
    public Guid? ExperienceId { get; init; }

    /// <summary>The organization it belongs to (a climate team's partner); null when mixed.</summary>
    public Guid? OrganizationId { get; init; }

    /// <summary>Its first members.</summary>
    public required IReadOnlyList<Guid> MemberIds { get; init; }
}
