using System.Diagnostics;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Infrastructure;

/// <summary>Installs Debian packages with apt-get, one install at a time on the machine, showing progress.</summary>
internal sealed class PackageInstaller(TextWriter progress)
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "platform-apt.lock");
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private const UnixFileMode EveryoneReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
        | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    public async Task<bool> CanInstallAsync(CancellationToken cancellationToken) =>
        ServiceAccount.IsRoot || await RunAsync("sudo", ["-n", "true"], echo: false, cancellationToken) == 0;

    /// <summary>Installs <paramref name="package"/> unless <paramref name="isInstalled"/> says another process just did.</summary>
    public async Task InstallAsync(string resource, string package, Func<bool> isInstalled, CancellationToken cancellationToken)
    {
        await InProcess.WaitAsync(cancellationToken);
        try
        {
            // Other test processes on this machine may be installing the same package right now.
            using var machineLock = await AcquireMachineLockAsync(LockPath, resource, package, cancellationToken);
            if (isInstalled())
            {
                return;
            }

            progress.WriteLine($"{resource}: installing the OS package '{package}' with apt-get (a minute or two)...");
            if (await AptAsync(["install", "-y", "-q", "--no-install-recommends", package], cancellationToken) != 0)
            {
                progress.WriteLine($"{resource}: refreshing the package lists (apt-get update)...");
                await AptAsync(["update", "-q"], cancellationToken);
                if (await AptAsync(["install", "-y", "-q", "--no-install-recommends", package], cancellationToken) != 0)
                {
                    throw new ResourceStartException(resource, $"apt-get could not install '{package}'. Run: sudo apt-get install -y {package}");
                }
            }

            progress.WriteLine($"{resource}: '{package}' installed.");
        }
        finally
        {
            InProcess.Release();
        }
    }

    /// <summary>
    /// The program and arguments that run apt-get with <paramref name="arguments"/>, through sudo unless
    /// root. The variables are set by <c>env</c>, inside sudo: sudo resets the environment it is given.
    /// Runlevel 1 keeps the packages' init scripts from starting system-wide servers on default ports.
    /// </summary>
    internal static IReadOnlyList<string> AptCommandLine(bool asRoot, IReadOnlyList<string> arguments)
    {
        List<string> aptGet = ["env", "RUNLEVEL=1", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-o", "DPkg::Lock::Timeout=300", .. arguments];
        return asRoot ? aptGet : ["sudo", "-n", .. aptGet];
    }

    private Task<int> AptAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var commandLine = AptCommandLine(ServiceAccount.IsRoot, arguments);
        return RunAsync(commandLine[0], [.. commandLine.Skip(1)], echo: true, cancellationToken);
    }

    private async Task<int> RunAsync(string fileName, string[] arguments, bool echo, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = new Process { StartInfo = info };
        if (echo)
        {
            process.OutputDataReceived += (_, e) => Echo(e.Data);
            process.ErrorDataReceived += (_, e) => Echo(e.Data);
        }

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    private void Echo(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line) && (line.StartsWith("Setting up", StringComparison.Ordinal)
            || line.StartsWith("Unpacking", StringComparison.Ordinal) || line.StartsWith("E:", StringComparison.Ordinal)
            || line.StartsWith("Get:", StringComparison.Ordinal)))
        {
            progress.WriteLine("  apt: " + line);
        }
    }

    /// <summary>
    /// Opens the machine-wide install lock, waiting while another process holds it. The lock is made
    /// writable by every user: a root run creates it in /tmp, and a later run of a developer's own
    /// account must open it too. One it may still not open stops the start with the way out.
    /// </summary>
    internal static async Task<FileStream> AcquireMachineLockAsync(string path, string resource, string package, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var machineLock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if ((File.GetUnixFileMode(machineLock.SafeFileHandle) & EveryoneReadWrite) != EveryoneReadWrite)
                {
                    try
                    {
                        File.SetUnixFileMode(machineLock.SafeFileHandle, EveryoneReadWrite);
                    }
                    catch (UnauthorizedAccessException)
                    {
                        // Another account's lock, which this one may open: it stays as its owner made it.
                    }
                }

                return machineLock;
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new ResourceStartException(resource, $"the machine's install lock {path} cannot be opened ({ex.Message}); another account's run created it. Remove it, or install the package yourself: sudo apt-get install -y {package}", ex);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }
}
