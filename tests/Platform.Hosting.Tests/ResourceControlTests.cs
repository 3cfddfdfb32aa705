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

    [Fact]
    public async Task Stopping_a_resource_whose_restart_waits_for_a_stopped_dependency_stops_it_at_once()
    {
        await using var app = await StartDatabaseOnItsServerAsync();
        await app.Orchestrator.StopResourceAsync("postgres");
        var restart = app.Orchestrator.RestartResourceAsync("appdb");
        await app.WaitForResourceAsync("appdb", s => s.State == ResourceState.Waiting, Timeout());

        var stop = app.Orchestrator.StopResourceAsync("appdb");

        var stopped = await app.WaitForResourceAsync("appdb", s => s.State == ResourceState.Exited, Timeout(5));
        Assert.Equal("stopped", stopped.StateMessage);
        await Task.WhenAll(restart, stop).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Equal(ResourceState.Exited, app.ResourceNotifications.Get("appdb").State);
    }

    [Fact]
    public async Task The_AppHost_stops_promptly_while_a_restart_waits_for_a_stopped_dependency()
    {
        var app = await StartDatabaseOnItsServerAsync();
        var dataDirectory = app.Options.DataDirectory;
        await app.Orchestrator.StopResourceAsync("postgres");
        _ = app.Orchestrator.RestartResourceAsync("appdb");
        await app.WaitForResourceAsync("appdb", s => s.State == ResourceState.Waiting, Timeout());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {clock.Elapsed}");
        Assert.Empty(TestProcesses.Mentioning(dataDirectory));
    }

    [Fact]
    public async Task Starting_a_crashed_project_during_its_back_off_runs_one_process_and_a_stop_leaves_none()
    {
        await using var app = PartnerModel.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var healthy = await app.WaitForResourceHealthyAsync("partner", Timeout());
        System.Diagnostics.Process.GetProcessById(Assert.Single(healthy.ProcessIds)).Kill();
        var crashed = await app.WaitForResourceAsync("partner", s => s.State == ResourceState.Exited, Timeout());
        Assert.Equal(healthy.RestartCount + 1, crashed.RestartCount);

        // Within the 1 s back-off before the engine's own relaunch, as an operator clicking Start.
        await app.Orchestrator.StartResourceAsync("partner");

        var started = await app.WaitForResourceHealthyAsync("partner", Timeout());
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal([Assert.Single(started.ProcessIds)], TestProcesses.OfProject(app, "partner"));
        Assert.Equal(crashed.RestartCount, app.ResourceNotifications.Get("partner").RestartCount);
        Assert.Equal(ResourceState.Running, app.ResourceNotifications.Get("partner").State);

        await app.Orchestrator.StopResourceAsync("partner");
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.Empty(TestProcesses.OfProject(app, "partner"));
        Assert.Equal(ResourceState.Exited, app.ResourceNotifications.Get("partner").State);
    }

    [Fact]
    public async Task Stopping_a_crashed_project_during_its_back_off_calls_the_relaunch_off_and_says_stopped()
    {
        var (app, backOff) = await PartnerCrashedInItsBackOffAsync();
        await using var running = app;

        await app.Orchestrator.StopResourceAsync("partner");
        backOff.End();

        var stopped = app.ResourceNotifications.Get("partner");
        Assert.Equal((ResourceState.Exited, "stopped"), (stopped.State, stopped.StateMessage));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.Empty(TestProcesses.OfProject(app, "partner"));
        Assert.Equal(ResourceState.Exited, app.ResourceNotifications.Get("partner").State);
    }

    [Fact]
    public async Task A_stop_while_a_crashed_project_is_being_relaunched_stops_the_new_process_and_leaves_it_Exited()
    {
        var (app, backOff) = await PartnerCrashedInItsBackOffAsync();
        await using var running = app;

        Task stop;
        using (await LauncherHold.TakeAsync(Timeout()))
        {
            // The relaunch has asked for its process, which cannot be launched yet, when the stop comes.
            backOff.End();
            await app.WaitForResourceAsync("partner", s => s.State == ResourceState.Starting, Timeout());
            stop = app.Orchestrator.StopResourceAsync("partner");

            // As far as the stop gets while the process waits to be launched (to its end, if it does not wait for the relaunch).
            await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));
        }

        await stop.WaitAsync(Timeout(30));
        var stopped = app.ResourceNotifications.Get("partner");
        Assert.Equal((ResourceState.Exited, "stopped"), (stopped.State, stopped.StateMessage));
        Assert.Empty(TestProcesses.OfProject(app, "partner"));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        Assert.Empty(TestProcesses.OfProject(app, "partner"));
        Assert.Equal(ResourceState.Exited, app.ResourceNotifications.Get("partner").State);
    }

    [Fact]
    public async Task A_replica_that_crashes_beside_a_running_one_is_relaunched_while_the_resource_stays_Running()
    {
        var clock = new BackOffClock();
        await using var app = PartnerModel.Build(replicas: 2, configure: o => o.TimeProvider = clock);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var healthy = await app.WaitForResourceAsync("partner", s => s.IsHealthy && s.HealthReports.Count == 2, Timeout());
        await using var changes = app.ResourceNotifications.WatchAsync(Timeout()).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        await changes.MoveNextAsync();

        System.Diagnostics.Process.GetProcessById(healthy.ProcessIds[0]).Kill();
        (await clock.NextBackOffAsync(Timeout())).End();

        var seen = new List<ResourceSnapshot>();
        while (await changes.MoveNextAsync())
        {
            if (changes.Current.Name == "partner")
            {
                seen.Add(changes.Current);
                if (changes.Current is { ProcessIds.Count: 2, StateMessage: null } && changes.Current.RestartCount == healthy.RestartCount + 1)
                {
                    break;
                }
            }
        }

        // The other replica served all along: the resource never looked as if it were starting again.
        Assert.All(seen, s => Assert.Equal(ResourceState.Running, s.State));
        Assert.Equal(healthy.StartedAt, seen[^1].StartedAt);
    }

    /// <summary>Partner on its servers, its process killed, the engine's back-off before the relaunch held until the test ends it.</summary>
    private static async Task<(DistributedApplication App, BackOffClock.HeldBackOff BackOff)> PartnerCrashedInItsBackOffAsync()
    {
        var clock = new BackOffClock();
        var app = PartnerModel.Build(configure: o => o.TimeProvider = clock);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            var healthy = await app.WaitForResourceHealthyAsync("partner", Timeout());
            System.Diagnostics.Process.GetProcessById(Assert.Single(healthy.ProcessIds)).Kill();
            return (app, await clock.NextBackOffAsync(Timeout()));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A database on its PostgreSQL server, with a shutdown budget long enough to tell a prompt stop from a killed one.</summary>
    private static async Task<DistributedApplication> StartDatabaseOnItsServerAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));
        builder.AddPostgres("postgres").AddDatabase("appdb");
        var app = builder.Build();
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
