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
    public Task<string> LocateAsync(string resource, string program, string package, CancellationToken cancellationToken) =>
        LocateAsync(resource, program, package, postgresCluster: null, cancellationToken);

    /// <summary>
    /// As above; PostgreSQL's programs are those of the major that runs the cluster in <paramref name="postgresCluster"/>
    /// (<see cref="PostgresInstallations.BinDirectory"/>).
    /// </summary>
    public async Task<string> LocateAsync(string resource, string program, string package, string? postgresCluster, CancellationToken cancellationToken)
    {
        string? Find() => SearchPath(resource, postgresCluster).Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

        if (Find() is { } found)
        {
            return found;
        }

        var installCommand = $"sudo apt-get install -y {package}";
        if (!options.AutoInstall)
        {
            throw new ResourceStartException(resource, $"{program} is not installed (looked in {string.Join(", ", SearchPath(resource, postgresCluster))}). Install it with: {installCommand}");
        }

        if (!await installer.CanInstallAsync(cancellationToken))
        {
            throw new ResourceStartException(resource, $"{program} is not installed and this user cannot install packages. Run: {installCommand}");
        }

        await installer.InstallAsync(resource, package, () => Find() is not null, cancellationToken);
        return Find()
            ?? throw new ResourceStartException(resource, $"{program} is still missing after installing {package}. Run: {installCommand}");
    }

    private IEnumerable<string> SearchPath(string resource, string? postgresCluster)
    {
        if (options.BinarySearchPath is { Count: > 0 } configured)
        {
            return configured;
        }

        // The package folders come first: Debian's /usr/sbin/rabbitmq-server is a wrapper that
        // redirects the console to /var/log and does not exec, so signals would not reach the broker.
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries);
        var postgres = PostgresInstallations.BinDirectory(PostgresInstallations.Root, resource, postgresCluster) is { } bin ? [bin] : Array.Empty<string>();
        return PackageFolders.Take(1).Concat(postgres).Concat(path).Concat(PackageFolders.Skip(1)).Distinct();
    }
}
