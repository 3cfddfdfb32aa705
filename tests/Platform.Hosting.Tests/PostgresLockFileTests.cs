using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>
/// A postmaster.pid left by a run that was killed (power loss) whose pid the kernel has since given to
/// another process: the data folder starts with its data, and a server really running on it is named.
/// </summary>
public sealed class PostgresLockFileTests
{
    [Fact]
    public async Task A_stale_lock_file_naming_an_unrelated_live_process_is_removed_and_the_data_kept()
    {
        var folder = await CreateClusterWithDataAsync();
        // Of the server's own account, as a developer's shell or editor is: PostgreSQL itself cannot tell it from a server.
        using var unrelated = StartAsServerAccount("sleep", "300");
        try
        {
            WriteLockFile(folder, unrelated.Id);

            await using var app = Build(folder);
            await app.StartAsync(TestContext.Current.CancellationToken);

            Assert.Equal("still here", await TestDatabase.ScalarAsync(app.GetConnectionString("appdb"), "SELECT value FROM kept"));
            Assert.Contains(app.ResourceLogs.Tail("postgres"), l => l.Text.Contains($"removed the stale lock file {LockFile(folder)}", StringComparison.Ordinal));
            Assert.False(unrelated.HasExited, "the unrelated process was touched");
        }
        finally
        {
            unrelated.Kill();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_stale_lock_file_naming_a_PostgreSQL_server_of_another_data_folder_is_removed_and_the_data_kept()
    {
        var folder = await CreateClusterWithDataAsync();
        try
        {
            await using var other = DistributedApplicationTestingBuilder.Create().Also(b => b.AddPostgres("postgres")).Build();
            await other.StartAsync(TestContext.Current.CancellationToken);
            var otherServer = Assert.Single(other.ResourceNotifications.Get("postgres").ProcessIds);
            WriteLockFile(folder, otherServer);

            await using var app = Build(folder);
            await app.StartAsync(TestContext.Current.CancellationToken);

            Assert.Equal("still here", await TestDatabase.ScalarAsync(app.GetConnectionString("appdb"), "SELECT value FROM kept"));
            Assert.True(TestProcesses.IsAlive(otherServer), "the other folder's server was touched");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_PostgreSQL_server_running_on_the_same_data_folder_is_named_and_left_running()
    {
        var folder = await CreateClusterWithDataAsync();
        using var server = StartServerByHand(folder);
        try
        {
            await WaitForLockFileAsync(folder, server.Id);

            await using var app = Build(folder);
            var failure = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(TestContext.Current.CancellationToken));

            Assert.Equal("postgres", failure.Resource);
            Assert.Contains($"PostgreSQL (PID {server.Id}) is already running on the data folder {Path.Combine(folder, "postgres", "data")}", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("--fresh", failure.Message, StringComparison.Ordinal);
            Assert.True(TestProcesses.IsAlive(server.Id), "the running server was touched");
            Assert.Equal(server.Id.ToString(CultureInfo.InvariantCulture), File.ReadLines(LockFile(folder)).First());
        }
        finally
        {
            // Its fast shutdown, so its own processes are gone before the folder is.
            Processes.PosixSignals.Send(server.Id, System.Runtime.InteropServices.PosixSignal.SIGINT);
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A data folder whose cluster holds a table, stopped cleanly (no lock file left).</summary>
    private static async Task<string> CreateClusterWithDataAsync()
    {
        var folder = Directory.CreateTempSubdirectory("platform-test-pidfile-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        await using var first = Build(folder);
        await first.StartAsync(TestContext.Current.CancellationToken);
        await TestDatabase.ExecuteAsync(first.GetConnectionString("appdb"), "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
        return folder;
    }

    private static DistributedApplication Build(string folder)
    {
        var builder = DistributedApplicationTestingBuilder.Create(o =>
        {
            o.DataDirectory = folder;
            o.Ephemeral = false;
            o.StartupTimeout = TimeSpan.FromSeconds(60);
        });
        builder.AddPostgres("postgres").AddDatabase("appdb");
        return builder.Build();
    }

    private static string LockFile(string folder) => Path.Combine(folder, "postgres", "data", "postmaster.pid");

    /// <summary>What PostgreSQL writes: its pid, its data folder, start time, port, socket folder, address, shared memory key, status.</summary>
    private static void WriteLockFile(string folder, int pid) =>
        File.WriteAllText(LockFile(folder), $"{pid}\n{Path.Combine(folder, "postgres", "data")}\n{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\n5432\n\n127.0.0.1\n  5432001         0\nready   \n");

    /// <summary>The cluster's own server started outside the engine, as a developer running pg_ctl would.</summary>
    private static Process StartServerByHand(string folder)
    {
        var postgres = Path.Combine(Directory.GetDirectories("/usr/lib/postgresql").Max(StringComparer.Ordinal)!, "bin", "postgres");
        using var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        free.Stop();
        return StartAsServerAccount(postgres, "-D", Path.Combine(folder, "postgres", "data"), "-p", port, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=");
    }

    /// <summary>A process of the account the engine runs PostgreSQL as (postgres as root, else the current user).</summary>
    private static Process StartAsServerAccount(string program, params string[] arguments)
    {
        var info = Processes.ServiceAccount.IsRoot
            ? new ProcessStartInfo("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        return Process.Start(info)!;
    }

    private static async Task WaitForLockFileAsync(string folder, int pid)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!File.Exists(LockFile(folder)) || !File.ReadLines(LockFile(folder)).Contains("ready   "))
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), File.ReadLines(LockFile(folder)).First());
    }
}
