namespace Platform.Hosting;

/// <summary>References and waits between resources, with Aspire's names and meaning.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Injects <c>ConnectionStrings__{name}</c> of <paramref name="source"/> into the project.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResourceWithConnectionString> source)
    {
        builder.Resource.AddReference(source.Resource);
        return builder;
    }

    /// <summary>Injects <c>services__{name}__{endpoint}__0</c> for each endpoint of the referenced project.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> source)
    {
        if (ReferenceEquals(builder.Resource, source.Resource))
        {
            throw new InvalidOperationException($"Project '{builder.Resource.Name}' cannot reference itself.");
        }

        builder.Resource.AddReference(source.Resource);
        return builder;
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> is Running and then Healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithHealth> dependency)
        where T : Resource
    {
        if (ReferenceEquals(builder.Resource, dependency.Resource))
        {
            throw new InvalidOperationException($"Resource '{builder.Resource.Name}' cannot wait for itself.");
        }

        builder.Resource.AddWait(dependency.Resource);
        return builder;
    }
}
