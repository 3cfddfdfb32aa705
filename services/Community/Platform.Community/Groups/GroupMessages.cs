using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community.Groups;

/// <summary>Between the contract's group messages and the domain.</summary>
public static class GroupMessages
{
    public const int MaxGroups = 50;

    /// <summary>An intervision group talks together: past this it is an audience (and a formation's answer stays well inside a gRPC message).</summary>
    public const int MaxGroupSize = 50;
    public const int PrefixLimit = 150;
    public const string DefaultPrefix = "Intervision group";

    public static Proto.Group ToProto(Group group, IEnumerable<GroupMember> members, IReadOnlyDictionary<Guid, string> names)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(names);
        return new Proto.Group
        {
            Id = group.Id.ToString(),
            ExperienceId = group.ExperienceId.ToString(),
            Name = group.Name,
            Kind = group.Kind,
            FacilitatorMemberId = Fields.Format(group.FacilitatorMemberId),
            Members = { members.Where(m => m.GroupId == group.Id).Select(m => Participant(m.MemberId, names.GetValueOrDefault(m.MemberId, string.Empty), m.Role)).OrderBy(p => p.FullName, StringComparer.Ordinal) },
            SpaceId = group.SpaceId.ToString(),
            FormedAt = Timestamp.FromDateTimeOffset(group.FormedAt),
        };
    }

    public static Proto.Participant Participant(Guid memberId, string fullName, string role) =>
        new() { MemberId = memberId.ToString(), FullName = fullName, Role = role };
}
