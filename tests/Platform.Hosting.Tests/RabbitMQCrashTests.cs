using System.Diagnostics;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>A broker that crashed and is started again at once: the crashed run's clean-up touches only what was its own.</summary>
public sealed class RabbitMQCrashTests
{
    [Fact]
    public async Task A_start_right_after_a_crash_keeps_the_new_runs_epmd_and_ports()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRabbitMQ("rabbitmq");
        await using var app = builder.Build();
        await app.StartAsync(timeout.Token);
        var held = app.Context.Ports.HeldCount;
        var broker = app.ResourceNotifications.Get("rabbitmq").ProcessIds[0];

        // The crashed run's handling is held while its exit is reported, as a busy thread pool may hold
        // it: the operator's Start, allowed once the broker shows Exited, runs meanwhile.
        using var reported = new ManualResetEventSlim();
        using var released = new ManualResetEventSlim();
        app.Context.Failed += (resource, _) =>
        {
            if (resource == "rabbitmq" && !reported.IsSet)
            {
                reported.Set();
                released.Wait(timeout.Token);
            }
        };
        Process.GetProcessById(broker).Kill();
        await Task.Run(() => reported.Wait(timeout.Token), timeout.Token);
        await app.Orchestrator.StartResourceAsync("rabbitmq");
        var restarted = await app.WaitForResourceHealthyAsync("rabbitmq", timeout.Token);
        var epmd = restarted.ProcessIds[1];
        released.Set();

        Assert.True(await StaysAliveAsync(epmd, TimeSpan.FromSeconds(3)), "the crashed run's clean-up stopped the new run's epmd");
        Assert.Equal(held, app.Context.Ports.HeldCount);
    }

    /// <summary>False as soon as the process ends within <paramref name="window"/>.</summary>
    private static async Task<bool> StaysAliveAsync(int pid, TimeSpan window)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            if (!TestProcesses.IsAlive(pid))
            {
                return false;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return TestProcesses.IsAlive(pid);
    }
}
