using Grpc.Core;
using Grpc.Core.Interceptors;
using Platform.Contracts.Partner.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Partner.Tests;

/// <summary>The Partner service as the AppHost runs it, with its real PostgreSQL, Redis and RabbitMQ, once for these tests.</summary>
public sealed class PartnerFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public string RabbitMq => App.GetConnectionString("rabbitmq");

    public string Redis => App.GetConnectionString("redis");

    /// <summary>A community manager: reads and writes partners.</summary>
    public PartnerService.PartnerServiceClient Manager { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var database = builder.AddPostgres("postgres").AddDatabase("partnerdb");
        builder.AddProject<Projects.Platform_Partner>("partner")
            .WithReference(database).WithReference(redis).WithReference(rabbitmq)
            .WaitFor(database).WaitFor(redis).WaitFor(rabbitmq)
            // The tests make many changes quickly; the limiter has its own test in ServiceDefaults.
            .WithEnvironment("RateLimiting__Mutations__PerSecond", "10000")
            .WithEnvironment("RateLimiting__Mutations__Burst", "10000");
        App = builder.Build();
        await App.StartAsync(TestContext.Current.CancellationToken);
        await App.WaitForResourceHealthyAsync("partner", TestContext.Current.CancellationToken);
        Manager = Client(App.Tokens.Create("community-manager", ["partner.read", "partner.write"], TimeSpan.FromHours(1)));
    }

    public PartnerService.PartnerServiceClient Client(string? token)
    {
        var invoker = App.CreateGrpcChannel("partner").CreateCallInvoker();
        return new PartnerService.PartnerServiceClient(token is null ? invoker : invoker.Intercept(metadata =>
        {
            metadata.Add("Authorization", "Bearer " + token);
            return metadata;
        }));
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
