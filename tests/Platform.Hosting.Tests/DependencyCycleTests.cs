using System.Diagnostics;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>Resources that depend on each other: waits in a circle are refused, references in a circle stop.</summary>
public sealed class DependencyCycleTests
{
    [Fact]
    public void Waits_in_a_circle_are_refused_when_the_application_is_built_naming_the_circle()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var cache = builder.AddRedis("cache");
        var broker = builder.AddRabbitMQ("broker");
        var store = builder.AddPostgres("store");
        cache.WaitFor(broker);
        broker.WaitFor(store);
        store.WaitFor(cache);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Equal("The resources wait for each other in a circle, so none of them would ever start: cache waits for broker, broker waits for store, store waits for cache. Remove one of these WaitFor calls.", error.Message);
    }

    [Fact]
    public async Task Projects_that_reference_each_other_are_stopped()
    {
        // Each calls the other; neither can start here (no database), which is enough to stop them.
        var builder = DistributedApplicationTestingBuilder.Create();
        var first = builder.AddProject<Projects.Platform_Community>("first");
        var second = builder.AddProject<Projects.Platform_Community>("second");
        first.WithReference(second);
        second.WithReference(first);
        var app = builder.Build();
        var dataDirectory = app.Options.DataDirectory;
        await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(TestContext.Current.CancellationToken));
        var clock = Stopwatch.StartNew();

        await app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {clock.Elapsed}");
        Assert.Empty(TestProcesses.Mentioning(dataDirectory));
    }
}
