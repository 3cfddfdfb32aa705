using Platform.Community.Groups;

namespace Platform.Community.Tests;

/// <summary>Dealing participants into groups, as a domain rule: roles spread evenly, whatever order the participants come in.</summary>
public sealed class GroupFormationTests
{
    private static readonly (string Role, int Count)[] Roles = [("Policy adviser", 7), ("Project leader", 5), ("Manager", 4), ("Data analyst", 2), ("Alderman", 1)];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Each_group_gets_each_role_give_or_take_one_and_shuffled_participants_give_the_same_groups(int groupCount)
    {
        // Ids in no relation to the roles (ids in the roles' order would let a deal blind to roles pass).
        var ids = new Random(groupCount);
        var participants = Roles.SelectMany(r => Enumerable.Range(0, r.Count).Select(_ => new Candidate(IdFrom(ids), r.Role))).ToList();
        var groups = GroupFormation.Deal(participants, groupCount);

        for (var seed = 0; seed < 20; seed++)
        {
            var shuffled = participants.ToArray();
            new Random(seed).Shuffle(shuffled);
            // Roles compare trimmed and case-insensitively.
            var respelled = shuffled.Select((c, i) => i % 3 == 0 ? c with { Role = " " + c.Role.ToUpperInvariant() } : c);

            var dealt = GroupFormation.Deal(respelled, groupCount);

            Assert.Equal(Members(groups), Members(dealt));
        }

        Assert.True(groups.Max(g => g.Count) - groups.Min(g => g.Count) <= 1, string.Join(", ", groups.Select(g => g.Count)));
        foreach (var (role, _) in Roles)
        {
            var perGroup = groups.Select(g => g.Count(c => c.Role == role)).ToList();
            Assert.True(perGroup.Max() - perGroup.Min() <= 1, $"{role}: {string.Join(", ", perGroup)}");
        }
    }

    private static Guid IdFrom(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static List<string> Members(IReadOnlyList<IReadOnlyList<Candidate>> groups) =>
        [.. groups.Select(g => string.Join(",", g.Select(c => c.MemberId).Order()))];
}
