using System.Security.Cryptography;
using System.Text;

namespace Platform.Contracts.Events;

/// <summary>How every service names a person in events: one id per e-mail address, the same in all of them.</summary>
public static class Professionals
{
    /// <summary>The lowercase hex SHA-256 of the UTF-8 e-mail address, trimmed and lower-cased.</summary>
    public static string IdOf(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
    }

    /// <summary>Whether <paramref name="id"/> has the form <see cref="IdOf"/> gives: 64 lowercase hex digits.</summary>
    public static bool IsId(string id) => id is { Length: 64 } && id.All(char.IsAsciiHexDigitLower);
}
