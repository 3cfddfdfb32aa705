using Platform.Hosting.Orchestration;

namespace Platform.Hosting;

/// <summary>Declares the app model: resources, references and waits.</summary>
public interface IDistributedApplicationBuilder
{
    DistributedApplicationOptions Options { get; }

    IReadOnlyList<IResource> Resources { get; }

    DistributedApplication Build();
}

/// <summary>The builder <see cref="DistributedApplication.CreateBuilder"/> returns.</summary>
public sealed class DistributedApplicationBuilder(DistributedApplicationOptions options) : IDistributedApplicationBuilder
{
    private readonly List<(Resource Resource, Func<RunnerContext, ResourceRunner> CreateRunner)> _resources = [];

    public DistributedApplicationOptions Options { get; } = options;

    public IReadOnlyList<IResource> Resources => _resources.Select(r => (IResource)r.Resource).ToList();

    public DistributedApplication Build()
    {
        WaitCycle.ThrowIfAny(_resources.Select(r => r.Resource));
        if (Testing.TestingHook.Current is { } hook && hook.Intercept(this))
        {
            throw new Testing.EntryPointInterceptedException();
        }

        return new DistributedApplication(Options, _resources);
    }

    internal IResourceBuilder<T> Add<T>(T resource, Func<RunnerContext, ResourceRunner> createRunner)
        where T : Resource
    {
        if (_resources.Any(r => r.Resource.Name == resource.Name))
        {
            throw new InvalidOperationException($"The app model already has a resource named '{resource.Name}'.");
        }

        _resources.Add((resource, createRunner));
        return new ResourceBuilder<T>(this, resource);
    }
}

internal static class DistributedApplicationBuilderExtensions
{
    public static IResourceBuilder<T> AddResource<T>(this IDistributedApplicationBuilder builder, T resource, Func<RunnerContext, ResourceRunner> createRunner)
        where T : Resource =>
        ((DistributedApplicationBuilder)builder).Add(resource, createRunner);
}
