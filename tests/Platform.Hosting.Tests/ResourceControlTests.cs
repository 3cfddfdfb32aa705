using System.Net;
using System.Net.Sockets;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>Start, stop and restart of one resource while the application runs, as an operator does from the dashboard.</summary>
public sealed class ResourceControlTests
{
    private static CancellationToken Timeout(int seconds = 120) =>
        CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken).Also(c => c.CancelAfter(TimeSpan.FromSeconds(seconds))).Token;

    [Fact]
    public async Task A_resource_that_fails_to_start_again_after_start_up_is_FailedToStart_and_the_AppHost_runs_on()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis").Resource;
        await using var app = builder.Build();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = app.RunAsync(stop.Token);
        await app.WaitForResourceHealthyAsync("redis", Timeout());

        await app.Orchestrator.StopResourceAsync("redis");
        var port = redis.PrimaryEndpoint.Port;
        using (var squatter = new TcpListener(IPAddress.Loopback, port))
        {
            squatter.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            squatter.Start();
            await app.Orchestrator.StartResourceAsync("redis");

            var failed = app.ResourceNotifications.Get("redis");
            Assert.Equal(ResourceState.FailedToStart, failed.State);
            Assert.Equal($"port {port} (tcp endpoint) is already in use by another process. Stop that process or choose another port.", failed.StateMessage);
            Assert.NotSame(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken)));
        }

        // The operator frees the port and starts it again.
        await app.Orchestrator.StartResourceAsync("redis");
        await app.WaitForResourceHealthyAsync("redis", Timeout());
        await stop.CancelAsync();
        Assert.Equal(0, await run);
    }
}
