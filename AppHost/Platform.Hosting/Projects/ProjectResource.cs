namespace Platform.Hosting;

/// <summary>A .NET service launched from its build output, with an <c>http</c> and a <c>grpc</c> endpoint.</summary>
public sealed class ProjectResource(string name, IProjectMetadata metadata) : Resource(name), IResourceWithHealth
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public override string Type => "Project";

    public IProjectMetadata Metadata { get; } = metadata;

    public int Replicas { get; internal set; } = 1;

    /// <summary>The readiness path checked over the http endpoint.</summary>
    public string HealthCheckPath { get; internal set; } = "/health";

    public IReadOnlyDictionary<string, string> Environment => _environment;

    internal void SetEnvironment(string name, string value) => _environment[name] = value;
}
