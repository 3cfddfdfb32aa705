using System.Net.Http.Headers;
using Grpc.Net.Client;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Testing;

/// <summary>What tests need of a running application: clients by resource name and waits on health.</summary>
public static class DistributedApplicationTestingExtensions
{
    /// <summary>An HTTP client whose base address is the resource's endpoint.</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string endpointName = "http") =>
        new() { BaseAddress = app.GetEndpoint(resourceName, endpointName) };

    /// <summary>A gRPC channel to the resource's <c>grpc</c> endpoint (HTTP/2 without TLS).</summary>
    public static GrpcChannel CreateGrpcChannel(this DistributedApplication app, string resourceName, string endpointName = "grpc") =>
        GrpcChannel.ForAddress(app.GetEndpoint(resourceName, endpointName));

    /// <summary>An HTTP client for the resource API, carrying the dashboard token.</summary>
    public static HttpClient CreateDashboardClient(this DistributedApplication app)
    {
        var client = new HttpClient { BaseAddress = app.DashboardUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Options.DashboardToken);
        return client;
    }

    public static Uri GetEndpoint(this DistributedApplication app, string resourceName, string endpointName = "http") =>
        app.GetResource(resourceName) is Resource resource
            ? new Uri(resource.GetEndpoint(endpointName).Url)
            : throw new InvalidOperationException($"Resource '{resourceName}' has no endpoints.");

    public static string GetConnectionString(this DistributedApplication app, string resourceName) =>
        app.GetResource(resourceName) is IResourceWithConnectionString withConnectionString
            ? withConnectionString.ConnectionString
            : throw new InvalidOperationException($"Resource '{resourceName}' has no connection string.");

    public static Task<ResourceSnapshot> WaitForResourceHealthyAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken = default) =>
        app.ResourceNotifications.WaitForAsync(resourceName, s => s.IsHealthy, cancellationToken);

    public static Task<ResourceSnapshot> WaitForResourceAsync(this DistributedApplication app, string resourceName, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default) =>
        app.ResourceNotifications.WaitForAsync(resourceName, predicate, cancellationToken);

    /// <summary>Stops the resource through the resource API, as an operator would, and waits until it has exited.</summary>
    public static Task StopResourceAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken = default) =>
        app.CommandAsync(resourceName, "stop", s => s.State is ResourceState.Exited or ResourceState.Finished, cancellationToken);

    /// <summary>Starts the (stopped) resource through the resource API and waits until it is healthy.</summary>
    public static Task StartResourceAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken = default) =>
        app.CommandAsync(resourceName, "start", s => s.IsHealthy, cancellationToken);

    private static async Task CommandAsync(this DistributedApplication app, string resourceName, string command, Func<ResourceSnapshot, bool> done, CancellationToken cancellationToken)
    {
        using var dashboard = app.CreateDashboardClient();
        var response = await dashboard.PostAsync(new Uri($"/api/resources/{resourceName}/{command}", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        await app.WaitForResourceAsync(resourceName, done, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>
    /// Suspends the resource's processes (SIGSTOP) until the returned handle is disposed (SIGCONT):
    /// a server that is up and keeps its clients' connections open, but answers nothing, as one that
    /// is overloaded or cut off by the network. What a client's timeouts are for; stopping the
    /// resource instead closes its connections, which clients notice at once.
    /// </summary>
    public static IDisposable Freeze(this DistributedApplication app, string resourceName)
    {
        var processIds = app.ResourceNotifications.Get(resourceName).ProcessIds;
        if (processIds.Count == 0)
        {
            throw new InvalidOperationException($"Resource '{resourceName}' has no running process to freeze.");
        }

        foreach (var pid in processIds)
        {
            PosixSignals.Suspend(pid);
        }

        return new FrozenResource(processIds);
    }

    private sealed class FrozenResource(IReadOnlyList<int> processIds) : IDisposable
    {
        public void Dispose()
        {
            foreach (var pid in processIds)
            {
                PosixSignals.Resume(pid);
            }
        }
    }
}
