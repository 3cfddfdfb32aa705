namespace Platform.Partner.Experts;

/// <summary>The themes of climate work an Expert coaches on and actions are grouped by.</summary>
public enum Theme
{
    EnergyWater,
    Waste,
    PaperPurchasing,
    Mobility,
    Other,
}

/// <summary>Someone who shares knowledge, facilitates Experiences and coaches Partners afterwards.</summary>
public sealed class Expert
{
    private Expert()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    /// <summary>The e-mail trimmed and lower-cased: one expert per address.</summary>
    public string EmailKey { get; private set; } = string.Empty;

    public string OrganizationName { get; private set; } = string.Empty;

    /// <summary>Names of <see cref="Theme"/> values.</summary>
    public List<string> Themes { get; private set; } = [];

    /// <summary>Names of <see cref="Organizations.Sector"/> values.</summary>
    public List<string> Sectors { get; private set; } = [];

    /// <summary>ISO 639-1 codes, lower case.</summary>
    public List<string> Languages { get; private set; } = [];

    public double MonthlyCapacityHours { get; private set; }

    public bool Active { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? DeactivatedAt { get; private set; }

    public string? DeactivationReason { get; private set; }

    public static Expert Register(ExpertProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new Expert
        {
            Id = Guid.CreateVersion7(now),
            Name = profile.Name.Trim(),
            Email = profile.Email.Trim(),
            EmailKey = profile.Email.Trim().ToLowerInvariant(),
            OrganizationName = profile.OrganizationName.Trim(),
            Themes = [.. profile.Themes.Distinct().Select(t => t.ToString())],
            Sectors = [.. profile.Sectors.Distinct().Select(s => s.ToString())],
            Languages = [.. profile.Languages.Select(l => l.Trim().ToLowerInvariant()).Distinct()],
            MonthlyCapacityHours = profile.MonthlyCapacityHours,
            Active = true,
            RegisteredAt = now,
        };
    }

    /// <summary>Takes no new engagements from now on; returns false when it already was inactive.</summary>
    public bool Deactivate(string? reason, DateTimeOffset now)
    {
        if (!Active)
        {
            return false;
        }

        Active = false;
        DeactivatedAt = now;
        DeactivationReason = reason;
        return true;
    }

    /// <summary>
    /// The right to erasure: what names or reaches the person goes, and an expert nobody can reach
    /// takes no new engagements or teams (deactivated now, unless it was already). Running
    /// engagements and the teams it coaches keep their facts; the reason written for an earlier
    /// deactivation goes too, as it may be about the person.
    /// </summary>
    public void Erase(DateTimeOffset now)
    {
        Name = Erasure.ProfessionalErasure.ErasedName;
        Email = string.Empty;
        // Unique, and no address: the person may register again with it.
        EmailKey = "erased:" + Id.ToString("N");
        OrganizationName = string.Empty;
        Active = false;
        DeactivatedAt ??= now;
        DeactivationReason = Erasure.ProfessionalErasure.ErasedReason;
    }
}

/// <summary>What a caller registers, validated.</summary>
public sealed record ExpertProfile(
    string Name,
    string Email,
    string OrganizationName,
    IReadOnlyList<Theme> Themes,
    IReadOnlyList<Organizations.Sector> Sectors,
    IReadOnlyList<string> Languages,
    double MonthlyCapacityHours);
