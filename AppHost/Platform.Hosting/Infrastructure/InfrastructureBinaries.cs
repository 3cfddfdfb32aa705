namespace Platform.Hosting.Infrastructure;

/// <summary>
/// Finds the servers' programs from the OS packages and, where one is missing, installs its
/// package (as root or with passwordless sudo) or names the exact command to run.
/// The AppHost and the tests share this path, so both README commands work on a fresh machine.
/// </summary>
internal sealed class InfrastructureBinaries(DistributedApplicationOptions options, PackageInstaller installer)
{
    private static readonly string[] PackageFolders = ["/usr/lib/rabbitmq/bin", "/usr/sbin", "/usr/bin"];

    /// <summary>The full path of <paramref name="program"/>, installing <paramref name="package"/> when needed.</summary>
    public async Task<string> LocateAsync(string resource, string program, string package, CancellationToken cancellationToken)
    {
        if (Find(program) is { } found)
        {
            return found;
        }

        var installCommand = $"sudo apt-get install -y {package}";
        if (!options.AutoInstall)
        {
            throw new ResourceStartException(resource, $"{program} is not installed (looked in {string.Join(", ", SearchPath())}). Install it with: {installCommand}");
        }

        if (!await installer.CanInstallAsync(cancellationToken))
        {
            throw new ResourceStartException(resource, $"{program} is not installed and this user cannot install packages. Run: {installCommand}");
        }

        await installer.InstallAsync(resource, package, () => Find(program) is not null, cancellationToken);
        return Find(program)
            ?? throw new ResourceStartException(resource, $"{program} is still missing after installing {package}. Run: {installCommand}");
    }

    private string? Find(string program) =>
        SearchPath().Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private IEnumerable<string> SearchPath()
    {
        if (options.BinarySearchPath is { Count: > 0 } configured)
        {
            return configured;
        }

        // The package folders come first: Debian's /usr/sbin/rabbitmq-server is a wrapper that
        // redirects the console to /var/log and does not exec, so signals would not reach the broker.
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        return PackageFolders.Take(1).Concat(PostgresBinDirectories()).Concat(path).Concat(PackageFolders.Skip(1)).Distinct();
    }

    /// <summary>Debian keeps PostgreSQL's server programs in /usr/lib/postgresql/&lt;major&gt;/bin; the newest wins.</summary>
    private static IEnumerable<string> PostgresBinDirectories()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: d, Major: int.TryParse(Path.GetFileName(d), out var major) ? major : 0))
            .OrderByDescending(x => x.Major)
            .Select(x => Path.Combine(x.Dir, "bin"));
    }
}
