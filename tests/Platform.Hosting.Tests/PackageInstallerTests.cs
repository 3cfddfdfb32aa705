using Platform.Hosting.Infrastructure;

namespace Platform.Hosting.Tests;

/// <summary>How the engine runs apt-get when a server's package is missing.</summary>
public sealed class PackageInstallerTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Apt_get_itself_runs_in_runlevel_1_and_non_interactive_also_through_sudo(bool asRoot)
    {
        // sudo resets the environment it was given, so the variables must be set by what it runs.
        var commandLine = AptCommandLine(asRoot);

        var aptGet = commandLine.IndexOf("apt-get");
        Assert.Equal(["env", "RUNLEVEL=1", "DEBIAN_FRONTEND=noninteractive"], commandLine.Take(aptGet).TakeLast(3));
        Assert.Equal(["-o", "DPkg::Lock::Timeout=300", "install", "-y", "redis-server"], commandLine.Skip(aptGet + 1));
        Assert.Equal(asRoot ? "env" : "sudo", commandLine[0]);
    }

    private static List<string> AptCommandLine(bool asRoot) => [.. PackageInstaller.AptCommandLine(asRoot, ["install", "-y", "redis-server"])];
}
