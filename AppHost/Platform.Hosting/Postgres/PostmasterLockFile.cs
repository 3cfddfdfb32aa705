using System.Globalization;
using System.Runtime.InteropServices;

namespace Platform.Hosting;

/// <summary>
/// PostgreSQL's <c>postmaster.pid</c> (first line the server's pid, second its data folder). One left by
/// a run that was killed (power loss) keeps naming a pid the kernel may since have given to another
/// process of the same account; PostgreSQL then refuses to start, so the engine tells the two apart.
/// </summary>
internal static partial class PostmasterLockFile
{
    /// <summary>
    /// Removes the lock file unless the process it names is a PostgreSQL server of
    /// <paramref name="clusterDirectory"/>, which is a real conflict and is named instead.
    /// </summary>
    public static void RemoveIfStale(string resource, string clusterDirectory, ResourceLogs logs)
    {
        var path = Path.Combine(clusterDirectory, "postmaster.pid");
        if (!File.Exists(path))
        {
            return;
        }

        // Empty or cut short when the machine lost power while the server wrote it.
        var first = File.ReadLines(path).FirstOrDefault();
        var pid = int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var named) ? named : 0;
        if (pid > 0 && IsServerOf(pid, clusterDirectory))
        {
            throw new ResourceStartException(resource, $"PostgreSQL (PID {pid}) is already running on the data folder {clusterDirectory}. Stop that server first; the engine leaves it and its data as they are.");
        }

        File.Delete(path);
        logs.Write(resource, $"removed the stale lock file {path}: PID {(pid > 0 ? pid : "(none)")} is not a PostgreSQL server of this data folder (a run that was killed left it)");
    }

    /// <summary>
    /// A PostgreSQL process whose working folder is the cluster (the server changes to its data folder at
    /// start). A process of another account cannot be one: the engine's server runs as the account it can read.
    /// </summary>
    private static bool IsServerOf(int pid, string clusterDirectory)
    {
        try
        {
            var command = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return command is "postgres" or "postmaster"
                && CanonicalPath($"/proc/{pid}/cwd") is { } workingDirectory
                && workingDirectory == CanonicalPath(clusterDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone, or not ours to read.
            return false;
        }
    }

    /// <summary>The path with every symbolic link resolved (a process's working folder is kept that way), or null when it cannot be read.</summary>
    private static string? CanonicalPath(string path)
    {
        var resolved = RealPath(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
