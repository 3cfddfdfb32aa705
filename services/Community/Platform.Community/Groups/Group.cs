namespace Platform.Community.Groups;

/// <summary>An intervision group of an experience: a few members of mixed roles who learn from each other, with a facilitator.</summary>
public sealed class Group
{
    public const string Intervision = "Intervision";

    public required Guid Id { get; init; }

    public required Guid ExperienceId { get; init; }

    /// <summary>1, 2, ... within the experience.</summary>
    public required int Number { get; init; }

    public required string Name { get; init; }

    public string Kind { get; init; } = Intervision;

    public Guid? FacilitatorMemberId { get; set; }

    public required Guid SpaceId { get; init; }

    public required DateTimeOffset FormedAt { get; init; }
}

/// <summary>A member's place in a group; one group per member per experience.</summary>
public sealed class GroupMember
{
    public required Guid GroupId { get; set; }

    public required Guid ExperienceId { get; init; }

    public required Guid MemberId { get; init; }

    /// <summary>The role the member registered with; emptied when the member is erased.</summary>
    public required string Role { get; set; }
}
