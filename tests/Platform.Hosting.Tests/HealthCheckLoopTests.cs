using Platform.Hosting.Orchestration;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>The engine's health loop, with a check that fails in a way no check of ours should.</summary>
public sealed class HealthCheckLoopTests
{
    [Fact]
    public async Task A_check_that_throws_makes_the_resource_Unhealthy_with_the_reason_instead_of_freezing_its_last_health()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var cache = builder.AddRedis("cache");
        await using var app = builder.Build();
        app.Context.SetState("cache", ResourceState.Running);
        var loop = new HealthChecks(app.Context);
        using var runner = new ThrowingAfterFirstCheck(cache.Resource, app.Context);

        loop.Start(runner);
        try
        {
            await app.ResourceNotifications.WaitForAsync("cache", s => s.Health == ResourceHealth.Healthy, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            var after = await app.ResourceNotifications.WaitForAsync("cache", s => s.Health != ResourceHealth.Healthy, TestContext.Current.CancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

            Assert.Equal(ResourceHealth.Unhealthy, after.Health);
            Assert.Contains("the check broke", Assert.Single(after.HealthReports).Description, StringComparison.Ordinal);
        }
        finally
        {
            loop.Stop("cache");
        }
    }

    /// <summary>Healthy once, then a check that throws what none of the runners' checks expects.</summary>
    private sealed class ThrowingAfterFirstCheck(Resource resource, RunnerContext context) : ResourceRunner(resource, context)
    {
        private int _checks;

        public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task StopAsync() => Task.CompletedTask;

        public override Task<IReadOnlyList<HealthReport>> CheckHealthAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _checks) == 1
                ? Task.FromResult<IReadOnlyList<HealthReport>>([Report("probe", ResourceHealth.Healthy)])
                : throw new FormatException("the check broke");
    }
}
