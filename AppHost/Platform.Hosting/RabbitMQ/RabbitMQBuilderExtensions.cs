using Platform.Hosting.Orchestration;

namespace Platform.Hosting;

public static class RabbitMQBuilderExtensions
{
    /// <summary>Adds a RabbitMQ broker with the management UI; null ports take any free port.</summary>
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this IDistributedApplicationBuilder builder, string name, int? port = null, int? managementPort = null)
    {
        var rabbitmq = new RabbitMQServerResource(name);
        rabbitmq.AddEndpoint("tcp", "amqp", "127.0.0.1", port);
        rabbitmq.AddEndpoint("management", "http", "127.0.0.1", managementPort);
        return builder.AddResource(rabbitmq, context => new RabbitMQRunner(rabbitmq, context));
    }
}
