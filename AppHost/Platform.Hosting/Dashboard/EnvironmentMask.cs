using System.Text.RegularExpressions;

namespace Platform.Hosting.Dashboard;

/// <summary>
/// Hides secrets in a launched environment before it reaches a browser: values of variables whose
/// names say they are secret, and the password inside connection strings and URLs.
/// </summary>
internal static partial class EnvironmentMask
{
    public const string Mask = "••••••";
    private static readonly string[] SecretWords = ["PASSWORD", "SECRET", "TOKEN", "KEY", "COOKIE"];

    public static IReadOnlyList<KeyValuePair<string, string>> Apply(IReadOnlyDictionary<string, string> environment) =>
        environment.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => KeyValuePair.Create(e.Key, MaskValue(e.Key, e.Value)))
            .ToList();

    public static string MaskValue(string name, string value)
    {
        if (IsSecret(name))
        {
            return Mask;
        }

        var masked = PasswordSetting().Replace(value, m => m.Groups[1].Value + Mask);
        return UserInfo().Replace(masked, m => m.Groups[1].Value + Mask + "@");
    }

    /// <summary>The last part of the name says so (<c>..__ApiKey</c>), or it is a signing key's value, or the OTLP headers (they carry the API key).</summary>
    private static bool IsSecret(string name)
    {
        var last = name[(name.LastIndexOf("__", StringComparison.Ordinal) + 1)..];
        return SecretWords.Any(w => last.Contains(w, StringComparison.OrdinalIgnoreCase))
            || (name.Contains("SigningKeys", StringComparison.Ordinal) && last.EndsWith("Value", StringComparison.Ordinal))
            || name.Contains("OTLP_HEADERS", StringComparison.Ordinal);
    }

    [GeneratedRegex("((?:password|pwd)\\s*=\\s*)[^;,]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();

    [GeneratedRegex("(://[^:/@\\s]+:)[^@\\s]+@")]
    private static partial Regex UserInfo();
}
