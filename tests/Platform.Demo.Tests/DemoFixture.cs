using Grpc.Core;
using Grpc.Core.Interceptors;
using Platform.Contracts.Reporting.V1;
using Platform.Demo;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Demo.Tests;

/// <summary>
/// The whole app model (the four services with PostgreSQL, Redis and RabbitMQ), Reporting's calendar
/// stopped at <see cref="ReportingNow"/>, and the demo journey seeded once at <see cref="Scale"/>.
/// </summary>
public sealed class DemoFixture : IAsyncLifetime
{
    /// <summary>Reporting's today: 2029-07-01, so 6 months remain (July to December 2029) and every open action is overdue.</summary>
    public const string ReportingNow = "2029-07-01T10:00:00Z";

    /// <summary>Smaller than the 300 and 200, the same journey and rules; the evening sessions end 40-100 s after the start.</summary>
    public static DemoScale Scale => DemoScale.Small;

    public DistributedApplication App { get; private set; } = null!;

    public DemoSeed Seed { get; private set; } = null!;

    public DemoClients Clients { get; private set; } = null!;

    public ReportingService.ReportingServiceClient Reporting { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        App = AppModel().Build();
        await App.StartAsync(cancel);
        foreach (var service in new[] { "partner", "experience", "community", "reporting" })
        {
            await App.WaitForResourceHealthyAsync(service, cancel).WaitAsync(TimeSpan.FromMinutes(2), cancel);
        }

        var token = App.Tokens.CreateOperatorToken();
        Clients = new DemoClients(App.GetEndpoint("partner", "grpc"), App.GetEndpoint("experience", "grpc"), App.GetEndpoint("community", "grpc"), token);
        Reporting = new ReportingService.ReportingServiceClient(App.CreateGrpcChannel("reporting").CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("Authorization", "Bearer " + token);
            return metadata;
        }));
        Seed = await SeedAsync();
    }

    public Task<DemoSeed> SeedAsync() =>
        new DemoSeeder(Clients, Scale, TimeProvider.System, TextWriter.Null).SeedAsync(TestContext.Current.CancellationToken);

    /// <summary>The AppHost's own model, with Reporting's calendar fixed (the AppHost itself passes no such setting).</summary>
    private static IDistributedApplicationBuilder AppModel() =>
        DistributedApplicationTestingBuilder.CreateFromAppHost<Program>()
            .WithEnvironment("reporting", "Platform__Calendar__FixedNow", ReportingNow);

    public async ValueTask DisposeAsync()
    {
        Clients?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>One platform with the demo seeded, for every test class.</summary>
[CollectionDefinition(Name)]
public sealed class DemoPlatform : ICollectionFixture<DemoFixture>
{
    public const string Name = "demo";
}
