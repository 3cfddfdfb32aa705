using System.Diagnostics;

namespace Platform.Hosting.Processes;

/// <summary>
/// PostgreSQL refuses to run as root and RabbitMQ runs as its own user, so as root each server
/// runs under the account its OS package created, and its data folder is handed to that account.
/// </summary>
internal static class ServiceAccount
{
    public static bool IsRoot { get; } = PosixSignals.GetEffectiveUserId() == 0;

    /// <summary>The account to run a server as: the package's account when root, otherwise the current user.</summary>
    public static string? For(string account) => IsRoot ? account : null;

    /// <summary>Creates <paramref name="directory"/> and makes it (recursively) owned by the account, with parents searchable.</summary>
    public static void PrepareDirectory(string resource, string directory, string? account)
    {
        EnsureWritable(resource, directory);
        if (account is null)
        {
            return;
        }

        Run(resource, "chown", "-R", $"{account}:{account}", directory);
        for (var parent = Path.GetDirectoryName(directory); parent is not null && parent != "/"; parent = Path.GetDirectoryName(parent))
        {
            var mode = File.GetUnixFileMode(parent);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(parent, mode | UnixFileMode.OtherExecute);
            }
        }

        Run(resource, "/usr/bin/setpriv", $"--reuid={account}", $"--regid={account}", "--init-groups", "--", "test", "-w", directory);
    }

    /// <summary>Creates <paramref name="directory"/> and checks that the AppHost can write in it, before it writes anything there.</summary>
    public static void EnsureWritable(string resource, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, ".write-probe");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new ResourceStartException(resource, $"the data folder {directory} is not writable ({ex.Message}).", ex);
        }
    }

    private static void Run(string resource, string fileName, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new ResourceStartException(resource, $"could not run {fileName}.");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new ResourceStartException(resource, $"the data folder is not usable by its server account ({fileName} {string.Join(' ', arguments)} failed: {error.Trim()}).");
        }
    }
}
