namespace Platform.Community.Members;

/// <summary>How a professional became a member.</summary>
public enum MemberSource
{
    SignUp,
    Registration,
}

/// <summary>A professional in the community: a profile, newsletter consent, and erasure on request.</summary>
public sealed class Member
{
    public const string ErasedName = "Erased member";

    private Member()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The catalog's professional id (hash of the e-mail address); null once erased.</summary>
    public string? ProfessionalId { get; private set; }

    public string FullName { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    public string OrganizationName { get; private set; } = string.Empty;

    public string Role { get; private set; } = string.Empty;

    public List<string> Interests { get; private set; } = [];

    public bool NewsletterConsent { get; private set; }

    public DateTimeOffset? NewsletterConsentChangedAt { get; private set; }

    public MemberSource Source { get; private set; }

    /// <summary>The experience whose registration made the member; null for a sign-up.</summary>
    public Guid? ExperienceId { get; private set; }

    public DateTimeOffset JoinedAt { get; private set; }

    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>Optimistic concurrency: every change increments it.</summary>
    public int Version { get; private set; }

    public static Member SignUp(MemberProfile profile, string email, bool newsletterConsent, DateTimeOffset now)
    {
        var member = New(email, MemberSource.SignUp, null, now);
        member.Describe(profile);
        member.NewsletterConsent = newsletterConsent;
        member.NewsletterConsentChangedAt = newsletterConsent ? now : null;
        return member;
    }

    public static Member FromRegistration(MemberProfile profile, string email, Guid experienceId, DateTimeOffset now)
    {
        var member = New(email, MemberSource.Registration, experienceId, now);
        member.Describe(profile);
        return member;
    }

    public void Update(MemberProfile profile)
    {
        Describe(profile);
        Version++;
    }

    public void SetNewsletterConsent(bool consent, DateTimeOffset now)
    {
        if (consent == NewsletterConsent)
        {
            return;
        }

        NewsletterConsent = consent;
        NewsletterConsentChangedAt = now;
        Version++;
    }

    /// <summary>Removes the personal data; the row stays so groups and threads keep their shape.</summary>
    public void Erase(DateTimeOffset now)
    {
        ProfessionalId = null;
        FullName = ErasedName;
        Email = string.Empty;
        OrganizationName = string.Empty;
        Role = string.Empty;
        Interests = [];
        NewsletterConsent = false;
        NewsletterConsentChangedAt = now;
        ErasedAt = now;
        Version++;
    }

    private static Member New(string email, MemberSource source, Guid? experienceId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ProfessionalId = Contracts.Events.Professionals.IdOf(email),
        Email = email.Trim(),
        Source = source,
        ExperienceId = experienceId,
        JoinedAt = now,
        Version = 1,
    };

    private void Describe(MemberProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        FullName = profile.FullName.Trim();
        OrganizationName = profile.OrganizationName.Trim();
        Role = profile.Role.Trim();
        Interests = [.. profile.Interests];
    }
}

/// <summary>What a member tells about themselves, validated.</summary>
public sealed record MemberProfile(string FullName, string OrganizationName, string Role, IReadOnlyList<string> Interests);

/// <summary>A member's registration for an experience, learnt from the Experience service's events.</summary>
public sealed class ExperienceParticipant
{
    public required Guid RegistrationId { get; init; }

    public required Guid ExperienceId { get; init; }

    public required Guid MemberId { get; init; }

    /// <summary>The role given at registration; emptied when the member is erased.</summary>
    public required string Role { get; set; }

    public required DateTimeOffset RegisteredAt { get; init; }
}

/// <summary>
/// A registration the Experience service cancelled (for good: a cancelled registration is never
/// taken up again). Kept so that its <c>ParticipantRegistered</c>, consumed later from another
/// queue, makes no participant. Ids and a time only: nothing personal.
/// </summary>
public sealed class CancelledRegistration
{
    public required Guid RegistrationId { get; init; }

    public required DateTimeOffset CancelledAt { get; init; }
}
