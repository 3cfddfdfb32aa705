using Platform.AppHost;
using Platform.Hosting;

try
{
    var (seedDemo, demoScale) = DemoSeedOption.Parse(args);
    var builder = DistributedApplication.CreateBuilder(args);
    DemoSeedOption.ThrowIfUnknown(builder.Options.RemainingArguments);

    var redis = builder.AddRedis("redis");
    var rabbitmq = builder.AddRabbitMQ("rabbitmq");
    var postgres = builder.AddPostgres("postgres");

    var partnerDb = postgres.AddDatabase("partnerdb");
    var experienceDb = postgres.AddDatabase("experiencedb");
    var communityDb = postgres.AddDatabase("communitydb");
    var reportingDb = postgres.AddDatabase("reportingdb");

    var partner = builder.AddProject<Projects.Platform_Partner>("partner")
        .WithReference(partnerDb).WithReference(redis).WithReference(rabbitmq)
        .WaitFor(partnerDb).WaitFor(redis).WaitFor(rabbitmq);

    var experience = builder.AddProject<Projects.Platform_Experience>("experience")
        .WithReference(experienceDb).WithReference(redis).WithReference(rabbitmq).WithReference(partner)
        .WaitFor(experienceDb).WaitFor(redis).WaitFor(rabbitmq);

    var community = builder.AddProject<Projects.Platform_Community>("community")
        .WithReference(communityDb).WithReference(redis).WithReference(rabbitmq)
        .WaitFor(communityDb).WaitFor(redis).WaitFor(rabbitmq);

    var reporting = builder.AddProject<Projects.Platform_Reporting>("reporting")
        .WithReference(reportingDb).WithReference(redis).WithReference(rabbitmq)
        .WithReference(partner).WithReference(experience).WithReference(community)
        .WaitFor(reportingDb).WaitFor(redis).WaitFor(rabbitmq)
        .WithDemoSeedCommand(demoScale, partner, experience, community);

    var app = builder.Build();
    if (seedDemo)
    {
        DemoSeedOption.SeedWhenHealthy(app, reporting.Resource.Name);
    }

    app.Run();
}
catch (ResourceStartException failure)
{
    // Set-up errors found before anything starts (a bad option, a data folder in use or damaged),
    // reported as the engine reports those it finds while starting.
    Console.Error.WriteLine($"error: {failure.Message}");
    Environment.ExitCode = 1;
}

/// <summary>The AppHost's entry point, visible to the testing builder.</summary>
public partial class Program;
