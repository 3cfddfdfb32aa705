using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>Partner with its database, Redis and RabbitMQ: the smallest model with a project in it.</summary>
internal static class PartnerModel
{
    public static DistributedApplication Build(int replicas = 1, Action<DistributedApplicationOptions>? configure = null)
    {
        var builder = DistributedApplicationTestingBuilder.Create(configure);
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var database = builder.AddPostgres("postgres").AddDatabase("partnerdb");
        builder.AddProject<Projects.Platform_Partner>("partner")
            .WithReference(database).WithReference(redis).WithReference(rabbitmq)
            .WaitFor(database).WaitFor(redis).WaitFor(rabbitmq)
            .WithReplicas(replicas);
        return builder.Build();
    }
}
