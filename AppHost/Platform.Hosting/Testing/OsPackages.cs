using Platform.Hosting.Infrastructure;

namespace Platform.Hosting.Testing;

/// <summary>
/// A program from an OS package for tests (the dashboard's browser tests use <c>chromium</c>), found
/// and, when missing, installed exactly as the engine installs its servers' packages.
/// </summary>
public static class OsPackages
{
    public static Task<string> LocateAsync(string program, string package, CancellationToken cancellationToken = default) =>
        new InfrastructureBinaries(new DistributedApplicationOptions(), new PackageInstaller(Console.Out))
            .LocateAsync(package, program, package, cancellationToken);
}
