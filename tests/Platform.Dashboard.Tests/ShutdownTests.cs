using System.Diagnostics;
using Platform.Hosting.Testing;

namespace Platform.Dashboard.Tests;

/// <summary>An open dashboard does not hold the AppHost up when it stops.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task The_AppHost_stops_promptly_while_a_browser_follows_the_live_streams()
    {
        var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = app.CreateDashboardClient();
        using var resources = await client.GetAsync(new Uri("/api/stream/resources", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var console = await client.GetAsync(new Uri("/api/stream/console", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", resources.Content.Headers.ContentType?.MediaType);

        var clock = Stopwatch.StartNew();
        await app.DisposeAsync();

        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 10);
    }
}
