using System.Security.Cryptography;

namespace Platform.Hosting.Infrastructure;

/// <summary>Credentials generated once per data folder and kept beside the data, readable by the owner only.</summary>
internal static class Secrets
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string GetOrCreate(string directory, string fileName) => GetOrCreate(directory, fileName, () => Generate());

    public static string GetOrCreate(string directory, string fileName, Func<string> generate)
    {
        var path = Path.Combine(directory, fileName);
        try
        {
            Directory.CreateDirectory(directory);
            if (File.Exists(path))
            {
                RestrictToOwner(path);
                var existing = File.ReadAllText(path).Trim();
                if (existing.Length > 0)
                {
                    return existing;
                }
            }

            var secret = generate();
            WriteOwnerOnly(path, secret);
            return secret;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new ResourceStartException("apphost", $"{path} cannot be read or written ({ex.Message}).", ex);
        }
    }

    /// <summary>
    /// A kept credential others may read (one copied in by hand, with the umask's mode) is restricted as one
    /// the engine writes. Another account's file this one may not change stays as its owner made it.
    /// </summary>
    private static void RestrictToOwner(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOthers) != 0)
        {
            try
            {
                File.SetUnixFileMode(path, mode & ~GroupOrOthers);
            }
            catch (UnauthorizedAccessException)
            {
                // Not this account's file; reading it is all the engine needs.
            }
        }
    }

    /// <summary>
    /// Writes a file that holds a credential, created readable by its owner only: written first and
    /// restricted after, it would be readable by everyone for a moment.
    /// </summary>
    public static void WriteOwnerOnly(string path, string text)
    {
        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });

        // A file that existed keeps its mode when it is rewritten.
        File.SetUnixFileMode(file.SafeFileHandle, OwnerOnly);
        using var writer = new StreamWriter(file);
        writer.Write(text);
    }

    /// <summary>URL- and connection-string-safe random text.</summary>
    public static string Generate(int bytes = 24) =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>A short random id: replica instance ids, unnamed operator tokens' callers.</summary>
    public static string Short() => Generate(4);
}
