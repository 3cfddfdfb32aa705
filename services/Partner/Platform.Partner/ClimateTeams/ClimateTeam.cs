namespace Platform.Partner.ClimateTeams;

/// <summary>A group of motivated employees of one organization who push its climate work, with an Expert as coach.</summary>
public sealed class ClimateTeam
{
    public const int MemberLimit = 50;

    private ClimateTeam()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>The name trimmed and lower-cased: one team per name in an organization.</summary>
    public string NameKey { get; private set; } = string.Empty;

    /// <summary>Contacts of the same organization, in the order given.</summary>
    public List<Guid> MemberContactIds { get; private set; } = [];

    public Guid? CoachExpertId { get; private set; }

    public DateTimeOffset FormedAt { get; private set; }

    public long Version { get; private set; }

    public static ClimateTeam Form(Guid organizationId, ClimateTeamDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var team = new ClimateTeam { Id = Guid.CreateVersion7(now), OrganizationId = organizationId, FormedAt = now, Version = 1 };
        team.Describe(details);
        return team;
    }

    /// <summary>Sets the details; false, and the version kept, when they are the ones stored.</summary>
    public bool Update(ClimateTeamDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var before = (Name, MemberContactIds, CoachExpertId);
        Describe(details);
        if (Name == before.Name && CoachExpertId == before.CoachExpertId && MemberContactIds.SequenceEqual(before.MemberContactIds))
        {
            return false;
        }

        Version++;
        return true;
    }

    private void Describe(ClimateTeamDetails details)
    {
        Name = details.Name.Trim();
        NameKey = Name.ToLowerInvariant();
        MemberContactIds = [.. details.MemberContactIds];
        CoachExpertId = details.CoachExpertId;
    }
}

/// <summary>What a caller sets on a team, validated in form.</summary>
public sealed record ClimateTeamDetails(string Name, IReadOnlyList<Guid> MemberContactIds, Guid? CoachExpertId);
