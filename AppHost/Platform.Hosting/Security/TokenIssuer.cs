using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.Hosting.Security;

/// <summary>
/// Issues the JWTs the services accept: an HMAC-SHA256 key generated once and kept in
/// <c>.platform/jwt/signing-key</c>, handed to the services as <c>dotnet user-jwts</c> would
/// (<c>Authentication:Schemes:Bearer:*</c>); service tokens for service-to-service calls and
/// operator tokens for people and tools.
/// </summary>
public sealed class TokenIssuer
{
    public const string Issuer = "platform-apphost";
    public const string Audience = "platform";

    // HMAC-SHA256 takes a key of 256 bits at least.
    private const int KeyBytes = 32;
    private readonly byte[] _key;

    internal TokenIssuer(byte[] key) => _key = key;

    /// <summary>The signing key, base64, as the services' configuration carries it.</summary>
    public string KeyBase64 => Convert.ToBase64String(_key);

    /// <summary>An issuer for a given key (a test host configured by hand).</summary>
    public static TokenIssuer FromKey(byte[] key) => new((byte[])key.Clone());

    internal static TokenIssuer ForDataDirectory(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "jwt");
        var encoded = Infrastructure.Secrets.GetOrCreate(folder, "signing-key", () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyBytes)));
        var key = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, key, out var length) && length >= KeyBytes
            ? new TokenIssuer(key[..length])
            : throw new ResourceStartException("apphost", $"the signing key {Path.Combine(folder, "signing-key")} is damaged (not a base64 key of {KeyBytes} bytes or more). Delete it to have a new one created; tokens issued with the old one stop working.");
    }

    /// <summary>
    /// Every scope, valid 12 hours: what an operator or a test uses. Each token is its own caller,
    /// <c>operator:&lt;caller&gt;</c>, with its own rate-limit budget and its own request ids; tokens
    /// issued with the same <paramref name="caller"/> name are one caller. Unnamed, a token gets a
    /// new name, so two tools never share a budget or receive each other's replies.
    /// </summary>
    public string CreateOperatorToken(IEnumerable<string>? scopes = null, TimeSpan? lifetime = null, string? caller = null) =>
        Create("operator:" + (caller ?? Infrastructure.Secrets.Short()), scopes ?? AllScopes(), lifetime ?? TimeSpan.FromHours(12));

    /// <summary>A token with exactly <paramref name="scopes"/> (tests use it for wrong-scope calls).</summary>
    public string Create(string subject, IEnumerable<string> scopes, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["scope"] = string.Join(' ', scopes),
        };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>What a project may do to the projects it references: read and write them.</summary>
    internal string CreateServiceToken(ProjectResource project) =>
        Create(
            "service:" + project.Name,
            project.References.OfType<ProjectResource>().SelectMany(r => new[] { r.Name + ".read", r.Name + ".write" }),
            TimeSpan.FromDays(365));

    /// <summary>The scopes are named after the projects: <c>&lt;service&gt;.read</c> and <c>.write</c> (Reporting's write: rebuilding its read models).</summary>
    private static string[] AllScopes() =>
        ["partner.read", "partner.write", "experience.read", "experience.write", "community.read", "community.write", "reporting.read", "reporting.write"];
}
