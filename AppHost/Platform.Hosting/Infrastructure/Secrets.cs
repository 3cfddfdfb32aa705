using System.Security.Cryptography;

namespace Platform.Hosting.Infrastructure;

/// <summary>Credentials generated once per data folder and kept beside the data, readable by the owner only.</summary>
internal static class Secrets
{
    public static string GetOrCreate(string directory, string fileName) => GetOrCreate(directory, fileName, () => Generate());

    public static string GetOrCreate(string directory, string fileName, Func<string> generate)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length > 0)
            {
                return existing;
            }
        }

        var secret = generate();
        File.WriteAllText(path, secret);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return secret;
    }

    /// <summary>URL- and connection-string-safe random text.</summary>
    public static string Generate(int bytes = 24) =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>A short random id, for replica instance ids.</summary>
    public static string Short() => Generate(4);
}
