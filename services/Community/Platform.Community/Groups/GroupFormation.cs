namespace Platform.Community.Groups;

/// <summary>A participant as group formation sees one.</summary>
public sealed record Candidate(Guid MemberId, string Role);

/// <summary>
/// Deals participants into groups so that roles mix as evenly as they can: participants are
/// lined up role by role (the most common role first, then by name; within a role by member id)
/// and dealt round the groups like cards. Each role's participants sit together in the line, so
/// they land in consecutive groups: every group gets the same number of each role, give or take
/// one, and group sizes differ by at most one. The line depends only on who participates, never
/// on the order they were read in, so the same participants always give the same groups.
/// </summary>
public static class GroupFormation
{
    public static IReadOnlyList<IReadOnlyList<Candidate>> Deal(IEnumerable<Candidate> participants, int groupCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        var line = participants
            .GroupBy(p => RoleKey(p.Role))
            .OrderByDescending(role => role.Count()).ThenBy(role => role.Key, StringComparer.Ordinal)
            .SelectMany(role => role.OrderBy(p => p.MemberId));
        var groups = Enumerable.Range(0, groupCount).Select(_ => new List<Candidate>()).ToList();
        var seat = 0;
        foreach (var participant in line)
        {
            groups[seat++ % groupCount].Add(participant);
        }

        return groups;
    }

    /// <summary>Roles compare trimmed and case-insensitively; an unknown role is a role of its own.</summary>
    public static string RoleKey(string role) => (role ?? string.Empty).Trim().ToLowerInvariant();

    /// <summary>The facilitator a new group starts with: its first member by id (the manager can assign another).</summary>
    public static Guid FacilitatorOf(IReadOnlyList<Candidate> group) => group.Min(c => c.MemberId);
}
