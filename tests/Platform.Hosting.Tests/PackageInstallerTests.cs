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

    [Fact]
    public async Task The_machine_install_lock_it_creates_can_be_taken_by_every_user()
    {
        // A root run creates the lock in /tmp; a later run by a developer's own account must open it too.
        var path = Path.Combine(Path.GetTempPath(), $"platform-apt-{Guid.NewGuid():N}.lock");
        try
        {
            using (await PackageInstaller.AcquireMachineLockAsync(path, "redis", "redis-server", TestContext.Current.CancellationToken))
            {
            }

            var mode = File.GetUnixFileMode(path);
            Assert.True(mode.HasFlag(UnixFileMode.OtherWrite) && mode.HasFlag(UnixFileMode.GroupWrite), $"The lock was created with mode {mode}.");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_machine_install_lock_it_may_not_open_stops_the_start_naming_the_file_and_the_command_to_run()
    {
        // A directory in the lock's place is refused as a file another user owns would be (access denied).
        var path = Directory.CreateTempSubdirectory("platform-apt-lock-").FullName;
        try
        {
            var refused = await Assert.ThrowsAsync<ResourceStartException>(() =>
                PackageInstaller.AcquireMachineLockAsync(path, "redis", "redis-server", TestContext.Current.CancellationToken));

            Assert.Equal("redis", refused.Resource);
            Assert.Contains(path, refused.Message, StringComparison.Ordinal);
            Assert.Contains("sudo apt-get install -y redis-server", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    private static List<string> AptCommandLine(bool asRoot) => [.. PackageInstaller.AptCommandLine(asRoot, ["install", "-y", "redis-server"])];
}
