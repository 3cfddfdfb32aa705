using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.ServiceDefaults.Tests;

/// <summary>The AppHost's app model with the four real services, started once for these tests and healthy before the first.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = DistributedApplicationTestingBuilder.CreateFromAppHost<Program>().Build();
        await App.StartAsync(TestContext.Current.CancellationToken);

        // Starting launches the processes; a test may only begin once each service listens and is ready.
        foreach (var service in new[] { "partner", "experience", "community", "reporting" })
        {
            await App.WaitForResourceHealthyAsync(service, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2));
        }
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
