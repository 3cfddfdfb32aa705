using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community.Members;

/// <summary>Between the contract's member messages and the domain.</summary>
public static class MemberMessages
{
    public const int NameLimit = 200;
    public const int EmailLimit = 254;
    public const int RoleLimit = 100;

    /// <summary>A profile from a request, its violations added to <paramref name="validation"/>.</summary>
    public static MemberProfile Profile(Validation validation, string fullName, string organizationName, string role, IEnumerable<string> interests)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Required("full_name", fullName).MaxLength("full_name", fullName, NameLimit)
            .MaxLength("organization_name", organizationName, NameLimit)
            .MaxLength("role", role, RoleLimit);
        return new MemberProfile(fullName, organizationName, role, Labels.Read(validation, "interests", interests));
    }

    public static Proto.Member ToProto(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new Proto.Member
        {
            Id = member.Id.ToString(),
            ProfessionalId = member.ProfessionalId ?? string.Empty,
            FullName = member.FullName,
            Email = member.Email,
            OrganizationName = member.OrganizationName,
            Role = member.Role,
            Interests = { member.Interests },
            NewsletterConsent = member.NewsletterConsent,
            NewsletterConsentChangedAt = Times.Of(member.NewsletterConsentChangedAt),
            Source = member.Source == MemberSource.SignUp ? Proto.MemberSource.SignUp : Proto.MemberSource.Registration,
            JoinedAt = Timestamp.FromDateTimeOffset(member.JoinedAt),
            ErasedAt = Times.Of(member.ErasedAt),
            Version = member.Version,
        };
    }
}
