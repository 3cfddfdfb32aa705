using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.ServiceDefaults.Tests;

/// <summary>The AppHost's app model with the four real services, started once for these tests.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = DistributedApplicationTestingBuilder.CreateFromAppHost<Program>().Build();
        await App.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
