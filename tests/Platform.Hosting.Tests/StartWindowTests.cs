using Platform.Hosting.Orchestration;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>The orchestrator's start of one resource, with a run that fails before the start has returned.</summary>
public sealed class StartWindowTests
{
    [Fact]
    public async Task A_failure_reported_before_the_start_returns_keeps_the_resource_FailedToStart_with_its_reason()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var cache = builder.AddRedis("cache");
        await using var app = builder.Build();
        var runner = new ExitsAsItStarts(cache.Resource, app.Context);
        using var orchestrator = new Orchestrator([runner], app.Context);

        await orchestrator.StartResourceAsync("cache").WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var snapshot = app.ResourceNotifications.Get("cache");
        Assert.Equal(ResourceState.FailedToStart, snapshot.State);
        Assert.Equal(ExitsAsItStarts.Cause, snapshot.StateMessage);
        await orchestrator.StopAllAsync();
        Assert.Equal(0, runner.Checks);
    }

    /// <summary>
    /// Its process exits the moment it is launched: the exit is reported (as a runner's exit watcher does)
    /// before <see cref="StartAsync"/> returns to the orchestrator.
    /// </summary>
    private sealed class ExitsAsItStarts(Resource resource, RunnerContext context) : ResourceRunner(resource, context)
    {
        public const string Cause = "the server exited with code 1 before it became healthy";

        private int _checks;

        public int Checks => _checks;

        public override Task StartAsync(CancellationToken cancellationToken)
        {
            Context.Fail(Resource.Name, Cause);
            return Task.CompletedTask;
        }

        public override Task StopAsync() => Task.CompletedTask;

        public override Task<IReadOnlyList<HealthReport>> CheckHealthAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _checks);
            return Task.FromResult<IReadOnlyList<HealthReport>>([Report("probe", ResourceHealth.Unhealthy, "not running")]);
        }
    }
}
