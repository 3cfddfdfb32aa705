using Grpc.Core;
using Grpc.Core.Interceptors;
using Platform.Contracts.Experience.V1;
using Platform.Contracts.Partner.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Experience.Tests;

/// <summary>The Experience service and the Partner service it asks, with their real servers, once for these tests.</summary>
public sealed class ExperienceFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public string RabbitMq => App.GetConnectionString("rabbitmq");

    /// <summary>The process manager: runs experiences.</summary>
    public ExperienceService.ExperienceServiceClient Manager { get; private set; } = null!;

    /// <summary>The community manager: keeps partners and experts.</summary>
    public PartnerService.PartnerServiceClient Partners { get; private set; } = null!;

    private IResourceBuilder<ProjectResource> ExperienceProject { get; set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var postgres = builder.AddPostgres("postgres");
        var partnerDb = postgres.AddDatabase("partnerdb");
        var experienceDb = postgres.AddDatabase("experiencedb");
        var partner = builder.AddProject<Projects.Platform_Partner>("partner")
            .WithReference(partnerDb).WithReference(redis).WithReference(rabbitmq)
            .WaitFor(partnerDb).WaitFor(redis).WaitFor(rabbitmq)
            .WithEnvironment("RateLimiting__Mutations__PerSecond", "10000")
            .WithEnvironment("RateLimiting__Mutations__Burst", "10000");
        ExperienceProject = builder.AddProject<Projects.Platform_Experience>("experience")
            .WithReference(experienceDb).WithReference(redis).WithReference(rabbitmq).WithReference(partner)
            .WaitFor(experienceDb).WaitFor(redis).WaitFor(rabbitmq)
            // The tests register hundreds at once; the limiter has its own test in ServiceDefaults.
            .WithEnvironment("RateLimiting__Mutations__PerSecond", "10000")
            .WithEnvironment("RateLimiting__Mutations__Burst", "10000");
        App = builder.Build();
        await App.StartAsync(TestContext.Current.CancellationToken);
        await App.WaitForResourceHealthyAsync("partner", TestContext.Current.CancellationToken);
        await App.WaitForResourceHealthyAsync("experience", TestContext.Current.CancellationToken);
        Manager = new ExperienceService.ExperienceServiceClient(Invoker("experience", App.Tokens.Create("process-manager", ["experience.read", "experience.write"], TimeSpan.FromHours(1))));
        Partners = new PartnerService.PartnerServiceClient(Invoker("partner", App.Tokens.Create("community-manager", ["partner.read", "partner.write"], TimeSpan.FromHours(1))));
    }

    /// <summary>
    /// Restarts the Experience service with <paramref name="serviceToken"/> as the token it sends the
    /// Partner service (the engine builds a project's environment at each start).
    /// </summary>
    public async Task RestartExperienceAsync(string serviceToken)
    {
        var cancel = TestContext.Current.CancellationToken;
        ExperienceProject.WithEnvironment("Platform__ServiceToken", serviceToken);
        using var dashboard = App.CreateDashboardClient();
        (await dashboard.PostAsync(new Uri("/api/resources/experience/stop", UriKind.Relative), null, cancel)).EnsureSuccessStatusCode();
        (await dashboard.PostAsync(new Uri("/api/resources/experience/start", UriKind.Relative), null, cancel)).EnsureSuccessStatusCode();
        await App.WaitForResourceHealthyAsync("experience", cancel).WaitAsync(TimeSpan.FromMinutes(1), cancel);
    }

    /// <summary>A token for the Experience service with <paramref name="scopes"/>; the AppHost gives it partner.read and partner.write.</summary>
    public string ExperienceServiceToken(params string[] scopes) =>
        App.Tokens.Create("service:experience", scopes, TimeSpan.FromDays(1));

    /// <summary>A new organization moved through the pipeline to Partner.</summary>
    public async Task<Organization> RegisterPartnerAsync(bool makePartner = true)
    {
        var cancel = TestContext.Current.CancellationToken;
        var organization = await Partners.RegisterOrganizationAsync(new RegisterOrganizationRequest { Name = "Gemeente " + Guid.NewGuid().ToString("N")[..8], Sector = Sector.Government, Region = "Utrecht" }, cancellationToken: cancel);
        foreach (var stage in makePartner ? new[] { Stage.Contacted, Stage.Proposal, Stage.Partner } : [])
        {
            organization = await Partners.ChangeStageAsync(new ChangeStageRequest { Id = organization.Id, ToStage = stage }, cancellationToken: cancel);
        }

        return organization;
    }

    public async Task<Expert> RegisterExpertAsync() =>
        await Partners.RegisterExpertAsync(new RegisterExpertRequest
        {
            Name = "Coach " + Guid.NewGuid().ToString("N")[..8],
            Email = Guid.NewGuid().ToString("N")[..12] + "@coach.example",
            MonthlyCapacityHours = 16,
            Themes = { Theme.EnergyWater },
            Sectors = { Sector.Government },
            Languages = { "nl" },
        }, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>A scheduled experience of <paramref name="formatId"/> hosted by a new Partner, with one session per entry of <paramref name="sessions"/>.</summary>
    public async Task<Contracts.Experience.V1.Experience> ScheduleAsync(string formatId, int capacity, params (string StartsAtLocal, string EndsAtLocal)[] sessions)
    {
        var cancel = TestContext.Current.CancellationToken;
        var host = await RegisterPartnerAsync();
        var experience = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = formatId, Title = "Run " + Guid.NewGuid().ToString("N")[..6], HostPartnerIds = { host.Id }, Location = "Utrecht", Capacity = capacity }, cancellationToken: cancel);
        foreach (var (starts, ends) in sessions)
        {
            await Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = starts, EndsAtLocal = ends, TimeZone = "Europe/Amsterdam", Location = "Tivoli, Utrecht" }, cancellationToken: cancel);
        }

        return await Manager.ScheduleExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: cancel);
    }

    public static RegisterRequest Professional(Contracts.Experience.V1.Experience experience, int number) => new()
    {
        ExperienceId = experience.Id,
        SessionId = experience.RegistersForSeries ? string.Empty : experience.Sessions[0].Id,
        FullName = $"Professional {number}",
        Email = $"p{number}.{experience.Id[..8]}@example.nl",
        OrganizationName = "Gemeente Utrecht",
        Role = "Policy adviser",
    };

    private CallInvoker Invoker(string service, string token) =>
        App.CreateGrpcChannel(service).CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("Authorization", "Bearer " + token);
            return metadata;
        });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>One Experience and Partner service for every test class: they start once.</summary>
[CollectionDefinition(Name)]
public sealed class ExperienceServers : ICollectionFixture<ExperienceFixture>
{
    public const string Name = "experience";
}
