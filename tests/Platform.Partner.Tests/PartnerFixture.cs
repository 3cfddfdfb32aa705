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

    /// <summary>partnerdb, for a test that plays a concurrent transaction the service must wait for.</summary>
    public string Database => App.GetConnectionString("partnerdb");

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

    /// <summary>A new organization moved through the pipeline to Partner.</summary>
    public async Task<Organization> RegisterPartnerAsync(Sector sector = Sector.Government)
    {
        var cancel = TestContext.Current.CancellationToken;
        var organization = await Manager.RegisterOrganizationAsync(new RegisterOrganizationRequest { Name = "Partner " + Guid.NewGuid().ToString("N")[..8], Sector = sector, Region = "Utrecht" }, cancellationToken: cancel);
        foreach (var stage in new[] { Stage.Contacted, Stage.Proposal, Stage.Partner })
        {
            organization = await Manager.ChangeStageAsync(new ChangeStageRequest { Id = organization.Id, ToStage = stage }, cancellationToken: cancel);
        }

        return organization;
    }

    /// <summary>A new expert with a unique e-mail address.</summary>
    public async Task<Expert> RegisterExpertAsync(double monthlyCapacityHours = 16, Theme theme = Theme.Mobility, Sector sector = Sector.Government, string language = "nl")
    {
        var request = new RegisterExpertRequest
        {
            Name = "Expert " + Guid.NewGuid().ToString("N")[..8],
            Email = Guid.NewGuid().ToString("N")[..12] + "@experts.example",
            MonthlyCapacityHours = monthlyCapacityHours,
            Themes = { theme },
            Sectors = { sector },
            Languages = { language },
        };
        return await Manager.RegisterExpertAsync(request, cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>One Partner service and its servers for every test class: they start once.</summary>
[CollectionDefinition(Name)]
public sealed class PartnerServers : ICollectionFixture<PartnerFixture>
{
    public const string Name = "partner";
}
