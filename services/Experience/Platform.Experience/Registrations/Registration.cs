namespace Platform.Experience.Registrations;

public enum RegistrationStatus
{
    Registered,
    Waitlisted,
    Cancelled,
}

public enum AttendanceStatus
{
    Attended,
    NoShow,
}

/// <summary>A professional's seat (or waitlist place) in a session or in a whole series.</summary>
public sealed class Registration
{
    private Registration()
    {
    }

    public Guid Id { get; private set; }

    public Guid ExperienceId { get; private set; }

    /// <summary>Null for a registration for the whole series.</summary>
    public Guid? SessionId { get; private set; }

    /// <summary>The seat pool: the session, or the experience for a series.</summary>
    public Guid PoolId { get; private set; }

    public string ProfessionalId { get; private set; } = string.Empty;

    public string FullName { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    public string OrganizationName { get; private set; } = string.Empty;

    public Guid? OrganizationId { get; private set; }

    public string Role { get; private set; } = string.Empty;

    public RegistrationStatus Status { get; private set; }

    /// <summary>Order on the waitlist (lower is earlier); null when not waitlisted.</summary>
    public long? WaitlistSequence { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? WaitlistedAt { get; private set; }

    public bool FromWaitlist { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>
    /// Ids for <paramref name="count"/> registrations made at <paramref name="now"/>, in the order they
    /// are handed out. Version 7 ids order by their millisecond only, random within it; a group of
    /// registrations shares one time, so unsorted its ids would list it shuffled.
    /// </summary>
    public static Guid[] NewIds(int count, DateTimeOffset now)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.CreateVersion7(now);
        }

        // .NET orders Guids as PostgreSQL orders uuids: by their bytes as written.
        Array.Sort(ids);
        return ids;
    }

    public static Registration Seat(Guid id, Guid experienceId, Guid? sessionId, Professional professional, DateTimeOffset now) =>
        New(id, experienceId, sessionId, professional, RegistrationStatus.Registered, null, now);

    public static Registration Waitlist(Guid id, Guid experienceId, Guid? sessionId, Professional professional, long sequence, DateTimeOffset now) =>
        New(id, experienceId, sessionId, professional, RegistrationStatus.Waitlisted, sequence, now);

    /// <summary>A freed seat goes to this waitlisted registration.</summary>
    public void Promote()
    {
        Status = RegistrationStatus.Registered;
        WaitlistSequence = null;
        FromWaitlist = true;
    }

    public void Cancel(DateTimeOffset now)
    {
        Status = RegistrationStatus.Cancelled;
        WaitlistSequence = null;
        CancelledAt = now;
    }

    private static Registration New(Guid id, Guid experienceId, Guid? sessionId, Professional professional, RegistrationStatus status, long? sequence, DateTimeOffset now) => new()
    {
        Id = id,
        ExperienceId = experienceId,
        SessionId = sessionId,
        PoolId = sessionId ?? experienceId,
        ProfessionalId = professional.Id,
        FullName = professional.FullName,
        Email = professional.Email,
        OrganizationName = professional.OrganizationName,
        OrganizationId = professional.OrganizationId,
        Role = professional.Role,
        Status = status,
        WaitlistSequence = sequence,
        RegisteredAt = now,
        WaitlistedAt = status == RegistrationStatus.Waitlisted ? now : null,
    };
}

/// <summary>Who registers, validated; <see cref="Id"/> is the professional id of the catalog.</summary>
public sealed record Professional(string Id, string FullName, string Email, string OrganizationName, Guid? OrganizationId, string Role);

/// <summary>Whether a seat holder came to a session.</summary>
public sealed class Attendance
{
    public required Guid RegistrationId { get; init; }

    public required Guid SessionId { get; init; }

    public required AttendanceStatus Status { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }
}
