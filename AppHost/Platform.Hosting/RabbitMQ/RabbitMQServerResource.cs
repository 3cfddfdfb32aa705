namespace Platform.Hosting;

/// <summary>A RabbitMQ broker started from the OS package <c>rabbitmq-server</c>, with the management plugin on.</summary>
public sealed class RabbitMQServerResource(string name) : Resource(name), IResourceWithConnectionString, IResourceWithHealth
{
    public const string UserName = "guest";

    public override string Type => "RabbitMQ";

    public Endpoint PrimaryEndpoint => GetEndpoint("tcp");

    public Endpoint ManagementEndpoint => GetEndpoint("management");

    /// <summary>Generated once per data folder; set when the application is built.</summary>
    public string Password { get; internal set; } = string.Empty;

    public string ConnectionString => $"amqp://{UserName}:{Password}@{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port}";
}
