namespace Platform.Partner.Organizations;

public enum Sector
{
    Government,
    Education,
    Business,
    Nonprofit,
}

/// <summary>Where an organization is in the network's pipeline.</summary>
public enum Stage
{
    Lead,
    Contacted,
    Proposal,
    Partner,
    Alumni,
    Lost,
}

/// <summary>An organization the network works with or hopes to: a Lead until it becomes a Partner.</summary>
public sealed class Organization
{
    private Organization()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>Name and region trimmed and lower-cased: one organization per name in a region.</summary>
    public string UniqueKey { get; private set; } = string.Empty;

    public Sector Sector { get; private set; }

    public string Region { get; private set; } = string.Empty;

    public int EmployeeCount { get; private set; }

    public string Website { get; private set; } = string.Empty;

    public Stage Stage { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? PartnerSince { get; private set; }

    /// <summary>Optimistic concurrency: every change increments it.</summary>
    public long Version { get; private set; }

    public static Organization Register(OrganizationDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var organization = new Organization { Id = Guid.CreateVersion7(now), Stage = Stage.Lead, RegisteredAt = now, Version = 1 };
        organization.Describe(details);
        return organization;
    }

    /// <summary>Takes the details; false when they are the ones it has (as stored: trimmed), and then nothing changes, not even the version.</summary>
    public bool Update(OrganizationDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var before = (Name, Sector, Region, EmployeeCount, Website);
        Describe(details);
        if ((Name, Sector, Region, EmployeeCount, Website) == before)
        {
            return false;
        }

        Version++;
        return true;
    }

    /// <summary>Moves through the pipeline; the caller checked <see cref="Pipeline.Allows"/>.</summary>
    public StageChange MoveTo(Stage to, string changedBy, string? reason, DateTimeOffset now)
    {
        var change = new StageChange { OrganizationId = Id, FromStage = Stage, ToStage = to, ChangedBy = changedBy, ChangedAt = now, Reason = reason };
        Stage = to;
        if (to == Stage.Partner)
        {
            PartnerSince = now;
        }

        Version++;
        return change;
    }

    public static string KeyOf(string name, string region) =>
        name.Trim().ToLowerInvariant() + "|" + region.Trim().ToLowerInvariant();

    private void Describe(OrganizationDetails details)
    {
        Name = details.Name.Trim();
        Sector = details.Sector;
        Region = details.Region.Trim();
        EmployeeCount = details.EmployeeCount;
        Website = details.Website.Trim();
        UniqueKey = KeyOf(Name, Region);
    }
}

/// <summary>The descriptive fields a caller sets, validated.</summary>
public sealed record OrganizationDetails(string Name, Sector Sector, string Region, int EmployeeCount, string Website);

/// <summary>One move through the pipeline: who, when, why.</summary>
public sealed class StageChange
{
    public long Id { get; private set; }

    public required Guid OrganizationId { get; init; }

    public required Stage FromStage { get; init; }

    public required Stage ToStage { get; init; }

    public required string ChangedBy { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }

    public string? Reason { get; init; }
}
