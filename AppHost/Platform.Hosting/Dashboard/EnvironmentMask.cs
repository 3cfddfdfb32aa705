using System.Text.RegularExpressions;

namespace Platform.Hosting.Dashboard;

/// <summary>
/// Hides secrets in a launched environment before it reaches a browser: values of variables whose
/// names say they are secret, and the secret settings inside connection strings and URLs.
/// </summary>
internal static partial class EnvironmentMask
{
    public const string Mask = "••••••";
    private static readonly string[] SecretWords = ["PASSWORD", "PASSWD", "PWD", "SECRET", "TOKEN", "KEY", "COOKIE"];

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

        var masked = SecretSetting().Replace(value, m => m.Groups[1].Value + Mask);
        return UserInfo().Replace(masked, m => m.Groups[1].Value + Mask + "@");
    }

    /// <summary>
    /// The last part of the name says so (<c>..__ApiKey</c>, <c>RABBITMQ_DEFAULT_PASS</c>), or it is a
    /// signing key's value, or headers (the OTLP ones carry the API key). Configuration names are
    /// read in any case, so they are compared in any case.
    /// </summary>
    private static bool IsSecret(string name)
    {
        var last = name[(name.LastIndexOf("__", StringComparison.Ordinal) + 1)..];
        return SecretWords.Any(w => last.Contains(w, StringComparison.OrdinalIgnoreCase))
            || last.EndsWith("PASS", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("HEADERS", StringComparison.OrdinalIgnoreCase)
            || (name.Contains("SigningKeys", StringComparison.OrdinalIgnoreCase) && last.EndsWith("Value", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// A setting whose name ends in a secret word (<c>Password=</c>, <c>Pwd=</c>, <c>AccountKey=</c>,
    /// <c>SharedAccessKey=</c>, <c>?api_key=</c>, <c>access_token=</c>, a SAS <c>sig=</c>); its value
    /// runs to the next <c>;</c> or <c>,</c>, or is quoted (and may then hold them).
    /// </summary>
    [GeneratedRegex("((?:password|passwd|pwd|secret|key|token|sig)\\s*=\\s*)(?:\"(?:[^\"]|\"\")*\"?|'(?:[^']|'')*'?|[^;,]*)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretSetting();

    /// <summary>The password of a URL's user information, the user name possibly empty (<c>redis://:password@host</c>).</summary>
    [GeneratedRegex("(://[^:/@\\s]*:)[^@\\s]+@")]
    private static partial Regex UserInfo();
}
