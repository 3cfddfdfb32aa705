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
        await using var app = builder.Build();
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"reported after {clock.Elapsed}");
        Assert.Equal("redis", failure.Resource);
        Assert.Contains(config, failure.Message, StringComparison.Ordinal);
        Assert.Equal(ResourceState.FailedToStart, app.ResourceNotifications.Get("redis").State);
        await app.DisposeAsync();
        Directory.Delete(folder, recursive: true);
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
    public async Task The_AppHost_exits_non_zero_with_a_clear_message_when_the_dashboard_port_is_taken()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var dataDirectory = Directory.CreateTempSubdirectory("platform-test-apphost-").FullName;
        var appHost = Path.Combine(AppContext.BaseDirectory, "Platform.AppHost.dll");
        var info = new ProcessStartInfo("dotnet", ["exec", appHost, "--dashboard-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDirectory])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"dashboard: port {port} or ", error, StringComparison.Ordinal);
        Assert.Contains("is already in use", error, StringComparison.Ordinal);
        Assert.Empty(TestProcesses.Mentioning(dataDirectory));
        Directory.Delete(dataDirectory, recursive: true);
    }
}
