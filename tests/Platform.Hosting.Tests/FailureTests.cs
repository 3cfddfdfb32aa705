using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>Bad set-up gets a message naming the resource and the cause, and nothing is left running.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_missing_server_binary_names_the_package_to_install()
    {
        var emptyFolder = Directory.CreateTempSubdirectory("platform-test-nobin-").FullName;
        var builder = DistributedApplicationTestingBuilder.Create(o =>
        {
            o.BinarySearchPath = [emptyFolder];
            o.AutoInstall = false;
        });
        builder.AddRedis("redis");
        await using var app = builder.Build();

        var failure = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("redis", failure.Resource);
        Assert.Contains("redis-server is not installed", failure.Message, StringComparison.Ordinal);
        Assert.Contains("sudo apt-get install -y redis-server", failure.Message, StringComparison.Ordinal);
        Assert.Equal(ResourceState.FailedToStart, app.ResourceNotifications.Get("redis").State);
        Directory.Delete(emptyFolder);
    }

    [Fact]
    public async Task A_server_that_exits_during_start_up_after_it_was_healthy_stops_start_up_at_once_naming_it()
    {
        var builder = DistributedApplicationTestingBuilder.Create(o => o.StartupTimeout = TimeSpan.FromSeconds(60));
        var redis = builder.AddRedis("redis");
        builder.AddRabbitMQ("rabbitmq").WaitFor(redis);
        await using var app = builder.Build();
        var start = app.StartAsync(TestContext.Current.CancellationToken);
        var healthy = await app.WaitForResourceHealthyAsync("redis", TestContext.Current.CancellationToken);

        // Nothing restarts a server, so start-up can no longer finish: waiting for the timeout only delays the news.
        Process.GetProcessById(Assert.Single(healthy.ProcessIds)).Kill();

        var failure = await Assert.ThrowsAsync<ResourceStartException>(() => start.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal("redis: the server exited unexpectedly with code 137", failure.Message);
    }

    [Fact]
    public async Task A_server_whose_output_points_at_a_damaged_data_folder_is_reported_with_fresh_as_the_remedy()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRedis("redis");
        await using var app = builder.Build();
        var data = Directory.CreateDirectory(Path.Combine(app.Options.DataDirectory, "redis", "data")).FullName;

        // A snapshot torn by a power loss: Redis refuses to load it and exits.
        await File.WriteAllTextAsync(Path.Combine(data, "dump.rdb"), "REDIS0011torn", TestContext.Current.CancellationToken);

        var failure = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("redis", failure.Resource);
        Assert.Contains("Fatal error loading the DB", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"Its output points at a damaged data folder {Path.Combine(app.Options.DataDirectory, "redis")}: start with --fresh", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PostgreSQL_cluster_without_its_control_file_is_called_damaged_with_fresh_as_the_remedy()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPostgres("postgres");
        await using var app = builder.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.StopResourceAsync("postgres", TestContext.Current.CancellationToken);

        File.Delete(Path.Combine(app.Options.DataDirectory, "postgres", "data", "global", "pg_control"));
        await app.Orchestrator.StartResourceAsync("postgres");
        var failed = await app.WaitForResourceAsync("postgres", s => s.State == ResourceState.FailedToStart, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Contains($"Its output points at a damaged data folder {Path.Combine(app.Options.DataDirectory, "postgres")}: start with --fresh", failed.StateMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PostgreSQL_cluster_of_another_major_version_is_not_called_damaged()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPostgres("postgres");
        await using var app = builder.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);
        await app.StopResourceAsync("postgres", TestContext.Current.CancellationToken);

        // As a cluster made by an older PostgreSQL looks to this one: its data is whole, only this server cannot read it.
        await File.WriteAllTextAsync(Path.Combine(app.Options.DataDirectory, "postgres", "data", "PG_VERSION"), "14\n", TestContext.Current.CancellationToken);
        await app.Orchestrator.StartResourceAsync("postgres");
        var failed = await app.WaitForResourceAsync("postgres", s => s.State == ResourceState.FailedToStart, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        // Refused before the server runs, naming both versions: the one that made the cluster and the one installed.
        Assert.Contains("made by PostgreSQL 14", failed.StateMessage, StringComparison.Ordinal);
        Assert.Contains("installed here: 15", failed.StateMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("--fresh", failed.StateMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_killed_before_it_was_healthy_is_not_told_to_start_with_fresh_whatever_an_earlier_run_printed()
    {
        var builder = DistributedApplicationTestingBuilder.Create(o => o.StartupTimeout = TimeSpan.FromSeconds(60));
        builder.AddRabbitMQ("rabbitmq");
        await using var app = builder.Build();

        // An earlier run's complaint (its data since repaired) is still in the console logs.
        app.ResourceLogs.Write("rabbitmq", "Mnesia(rabbit@localhost): ** ERROR ** (an earlier run)", isError: true);
        var start = app.StartAsync(TestContext.Current.CancellationToken);
        var booting = await app.WaitForResourceAsync("rabbitmq", s => s.ProcessIds.Count > 0, TestContext.Current.CancellationToken);

        // Killed while it boots (the kernel's out-of-memory killer, an operator): nothing is wrong with its data.
        Process.GetProcessById(booting.ProcessIds[0]).Kill();

        var failure = await Assert.ThrowsAsync<ResourceStartException>(() => start.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.StartsWith("rabbitmq: the server exited with code 137 before it became healthy.", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--fresh", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_port_names_the_resource_and_the_port_and_stops_the_rest()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPostgres("postgres");
        builder.AddRedis("redis", port);
        var app = builder.Build();
        var dataDirectory = app.Options.DataDirectory;

        var failure = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(TestContext.Current.CancellationToken));
        await app.DisposeAsync();

        Assert.Equal($"redis: port {port} (tcp endpoint) is already in use by another process. Stop that process or choose another port.", failure.Message);
        Assert.Empty(TestProcesses.Mentioning(dataDirectory));
    }

    [Fact]
    public async Task A_configuration_file_that_cannot_be_written_names_the_resource_and_the_file_at_once()
    {
        var folder = Directory.CreateTempSubdirectory("platform-test-conf-").FullName;
        var config = Directory.CreateDirectory(Path.Combine(folder, "redis", "data", "redis.conf")).FullName;
        var builder = DistributedApplicationTestingBuilder.Create(o =>
        {
            o.DataDirectory = folder;
            o.Ephemeral = false;
            o.StartupTimeout = TimeSpan.FromSeconds(30);
        });
        builder.AddRedis("redis");
        try
        {
            await using var app = builder.Build();
            var clock = Stopwatch.StartNew();

            var failure = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(TestContext.Current.CancellationToken));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"reported after {clock.Elapsed}");
            Assert.Equal("redis", failure.Resource);
            Assert.Contains(config, failure.Message, StringComparison.Ordinal);
            Assert.Equal(ResourceState.FailedToStart, app.ResourceNotifications.Get("redis").State);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_project_that_fails_to_start_is_reported_with_the_error_it_printed()
    {
        // Without its references the service cannot start: it names the missing connection string.
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddProject<Projects.Platform_Community>("community");
        await using var app = builder.Build();

        var failure = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("community", failure.Resource);
        Assert.Contains("exited with code", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:communitydb is not set", failure.Message, StringComparison.Ordinal);
        Assert.Equal(ResourceState.FailedToStart, app.ResourceNotifications.Get("community").State);
    }

    [Fact]
    public async Task A_project_that_fails_again_after_a_restart_is_reported_with_only_that_runs_output()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddProject<Projects.Platform_Community>("community");
        await using var app = builder.Build();
        await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        // The operator clicks Start on the dashboard; the service fails the same way.
        await app.Orchestrator.StartResourceAsync("community");
        var failed = await app.WaitForResourceAsync("community", s => s.State == ResourceState.FailedToStart, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Contains("ConnectionStrings:communitydb is not set", failed.StateMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("failed to start:", failed.StateMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_AppHost_exits_non_zero_with_a_clear_message_when_the_dashboard_port_is_taken()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var dataDirectory = Directory.CreateTempSubdirectory("platform-test-apphost-").FullName;

        var (exitCode, error) = await RunAppHostAsync("--dashboard-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDirectory);

        Assert.Equal(1, exitCode);
        Assert.Contains($"dashboard: port {port} or ", error, StringComparison.Ordinal);
        Assert.Contains("is already in use", error, StringComparison.Ordinal);
        Assert.Empty(TestProcesses.Mentioning(dataDirectory));
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_second_AppHost_on_the_same_data_folder_exits_non_zero_with_a_clear_message()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("platform-test-apphost-").FullName;
        var lockFile = Path.Combine(dataDirectory, ".apphost.lock");
        try
        {
            // What the first AppHost holds while it runs.
            using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                var (exitCode, error) = await RunAppHostAsync("--data-dir", dataDirectory, "--dashboard-port", "0", "--otlp-port", "0");

                Assert.Equal(1, exitCode);
                Assert.StartsWith($"error: apphost: another AppHost is already running on the data folder {dataDirectory}.", error, StringComparison.Ordinal);
                Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_option_stops_the_AppHost_with_a_clear_message()
    {
        var (exitCode, error) = await RunAppHostAsync("--dashboard-port", "abc");

        Assert.Equal(1, exitCode);
        Assert.Equal("error: apphost: --dashboard-port takes a port number from 0 to 65535, not 'abc'.", error.Trim());
    }

    [Theory]
    [InlineData("--seed", "nonsense", "error: apphost: --seed: the data set to seed is missing or unknown; the one there is: --seed demo")]
    [InlineData("--demo-scale", "huge", "error: apphost: --demo-scale: 'huge' is not a demo scale; use --demo-scale full (300 and 200 registrations, the default) or --demo-scale small (48 and 24).")]
    public async Task A_bad_demo_option_stops_the_AppHost_with_the_message_every_bad_option_has(string option, string value, string expected)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("platform-test-apphost-").FullName;
        try
        {
            var (exitCode, error) = await RunAppHostAsync("--data-dir", dataDirectory, "--dashboard-port", "0", "--otlp-port", "0", option, value);

            Assert.Equal(1, exitCode);
            Assert.Equal(expected, error.Trim());
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData("--frsh")]
    [InlineData("--dashbord-port")]
    [InlineData("demo")]
    public async Task An_unknown_option_stops_the_AppHost_naming_it_instead_of_being_ignored(string option)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("platform-test-apphost-").FullName;
        try
        {
            // A misspelt --fresh would otherwise start on the old data, a misspelt port on the default one.
            var (exitCode, error) = await RunAppHostAsync("--data-dir", dataDirectory, "--dashboard-port", "0", "--otlp-port", "0", option, "19000");

            Assert.Equal(1, exitCode);
            Assert.Equal($"error: apphost: '{option}' is not an option of the AppHost (README.md, \"Options\", lists them).", error.Trim());
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public void A_damaged_signing_key_is_named_and_the_failed_build_leaves_no_folder_lock_or_port_behind()
    {
        var folder = Directory.CreateTempSubdirectory("platform-test-key-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "jwt"));
        File.WriteAllText(Path.Combine(folder, "jwt", "signing-key"), "not base64!");
        var builder = DistributedApplicationTestingBuilder.Create(o => o.DataDirectory = folder);
        builder.AddRedis("redis");

        var failure = Assert.Throws<ResourceStartException>(builder.Build);

        Assert.Equal($"apphost: the signing key {Path.Combine(folder, "jwt", "signing-key")} is damaged (not a base64 key of 32 bytes or more). Delete it to have a new one created; tokens issued with the old one stop working.", failure.Message);
        Assert.False(Directory.Exists(folder), "the temporary data folder was left behind");
        using var ports = new Processes.PortReservations();
        Assert.True(ports.TryReserve(builder.Options.DashboardPort), "the dashboard port is still held");
    }

    /// <summary>
    /// Runs the built AppHost as an operator would; returns its exit code and what it printed on standard error.
    /// Each call expects the AppHost to stop on its own: one still running after a minute is stopped and fails the test.
    /// </summary>
    private static async Task<(int ExitCode, string Error)> RunAppHostAsync(params string[] args)
    {
        var appHost = Path.Combine(AppContext.BaseDirectory, "Platform.AppHost.dll");
        var info = new ProcessStartInfo("dotnet", ["exec", appHost, .. args])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };

        using var process = Process.Start(info)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // SIGINT, as Ctrl+C: the AppHost stops what it started.
            Processes.PosixSignals.Send(process.Id, System.Runtime.InteropServices.PosixSignal.SIGINT);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Fail($"the AppHost ran on instead of stopping; it printed: {await output}");
        }

        await output;
        return (process.ExitCode, await error);
    }
}
