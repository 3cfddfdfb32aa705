using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Hosting.Security;

namespace Platform.ServiceDefaults.Tests;

/// <summary>Tokens the AppHost never issues, signed with its key: valid, with scopes, but without a <c>sub</c> claim.</summary>
internal static class TokensWithoutCaller
{
    public static string Create(TokenIssuer issuer, params string[] scopes)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenIssuer.Issuer,
            Audience = TokenIssuer.Audience,
            Claims = new Dictionary<string, object> { ["scope"] = string.Join(' ', scopes), ["jti"] = Guid.NewGuid().ToString("N") },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(issuer.KeyBase64)), SecurityAlgorithms.HmacSha256),
        });
    }
}
