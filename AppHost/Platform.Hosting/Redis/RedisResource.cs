namespace Platform.Hosting;

/// <summary>A Redis server started from the OS package <c>redis-server</c>.</summary>
public sealed class RedisResource(string name) : Resource(name), IResourceWithConnectionString, IResourceWithHealth
{
    public override string Type => "Redis";

    public Endpoint PrimaryEndpoint => GetEndpoint("tcp");

    /// <summary>Generated once per data folder; set when the application is built.</summary>
    public string Password { get; internal set; } = string.Empty;

    /// <summary>StackExchange.Redis format, as Aspire injects it.</summary>
    public string ConnectionString => $"{PrimaryEndpoint.Host}:{PrimaryEndpoint.Port},password={Password}";
}
