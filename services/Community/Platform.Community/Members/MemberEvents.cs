using Platform.Contracts.Events;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Community.Members;

/// <summary>The members' integration events, built one way wherever they are raised.</summary>
public static class MemberEvents
{
    public static MemberJoined Joined(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new MemberJoined
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = member.JoinedAt,
            MemberId = member.Id,
            ProfessionalId = member.ProfessionalId!,
            DisplayName = member.FullName,
            OrganizationName = Fields.NullIfEmpty(member.OrganizationName),
            Source = member.Source.ToString(),
            ExperienceId = member.ExperienceId,
        };
    }
}
