using System.Security.Claims;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Scopes are <c>&lt;service&gt;.read</c> and <c>&lt;service&gt;.write</c>; each is also the name of the
/// authorisation policy that requires it (<c>[Authorize("partner.read")]</c>).
/// </summary>
public static class Scopes
{
    public const string ClaimType = "scope";

    public const string PartnerRead = "partner.read";
    public const string PartnerWrite = "partner.write";
    public const string ExperienceRead = "experience.read";
    public const string ExperienceWrite = "experience.write";
    public const string CommunityRead = "community.read";
    public const string CommunityWrite = "community.write";
    public const string ReportingRead = "reporting.read";

    /// <summary>Operating Reporting's read models (a rebuild); no one else changes them.</summary>
    public const string ReportingWrite = "reporting.write";

    public static IReadOnlyList<string> All { get; } =
        [PartnerRead, PartnerWrite, ExperienceRead, ExperienceWrite, CommunityRead, CommunityWrite, ReportingRead, ReportingWrite];

    /// <summary>Scopes arrive as one space-separated claim (OAuth 2) or as one claim each (<c>dotnet user-jwts</c>).</summary>
    public static bool Has(ClaimsPrincipal user, string scope)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var identity in user.Identities)
        {
            foreach (var claim in identity.Claims)
            {
                if (claim.Type == ClaimType && Lists(claim.Value, scope))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the space-separated <paramref name="scopes"/> hold <paramref name="scope"/> (without splitting them into new strings).</summary>
    private static bool Lists(string scopes, string scope)
    {
        foreach (var range in scopes.AsSpan().Split(' '))
        {
            if (scopes.AsSpan()[range].SequenceEqual(scope))
            {
                return true;
            }
        }

        return false;
    }
}
