using Platform.Hosting.Orchestration;

namespace Platform.Hosting;

public static class ProjectBuilderExtensions
{
    /// <summary>Adds a project referenced by the AppHost; <typeparamref name="TProject"/> comes from the generated <c>Projects</c> namespace.</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var project = new ProjectResource(name, new TProject());
        project.AddEndpoint("http", "http", "localhost", null);
        project.AddEndpoint("grpc", "http", "localhost", null);
        return builder.AddResource(project, context => new ProjectRunner(project, context));
    }

    /// <summary>Runs <paramref name="replicas"/> processes behind a local proxy, so references stay stable.</summary>
    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> builder, string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Resource.SetEnvironment(name, value);
        return builder;
    }

    /// <summary>
    /// Sets an environment variable of a project already in the model, such as one the AppHost
    /// declared (a test built from <c>CreateFromAppHost</c> changes a setting without copying the model).
    /// </summary>
    public static IDistributedApplicationBuilder WithEnvironment(this IDistributedApplicationBuilder builder, string project, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var resource = builder.Resources.OfType<ProjectResource>().SingleOrDefault(r => r.Name == project)
            ?? throw new ArgumentException($"The model has no project named '{project}'.", nameof(project));
        resource.SetEnvironment(name, value);
        return builder;
    }

    /// <summary>Checks health with a GET on <paramref name="path"/> of the http endpoint (200 = Healthy).</summary>
    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health")
    {
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"Health check path '{path}' must start with '/'.", nameof(path));
        }

        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    /// <summary>Sets a fixed port for one of the project's endpoints (default: any free port).</summary>
    public static IResourceBuilder<ProjectResource> WithEndpointPort(this IResourceBuilder<ProjectResource> builder, string endpointName, int port)
    {
        builder.Resource.GetEndpoint(endpointName).Allocate(port);
        return builder;
    }
}
