namespace Platform.Hosting;

/// <summary>Base of every resource: a name, its endpoints, references and waits.</summary>
public abstract class Resource(string name) : IResource
{
    private readonly List<Endpoint> _endpoints = [];
    private readonly List<IResource> _references = [];
    private readonly List<IResource> _waitsFor = [];
    private readonly List<ResourceCommandAnnotation> _commands = [];

    public string Name { get; } = ResourceName.Validate(name);

    public abstract string Type { get; }

    public IReadOnlyList<Endpoint> Endpoints => _endpoints;

    public IReadOnlyList<IResource> References => _references;

    public IReadOnlyList<IResource> WaitsFor => _waitsFor;

    /// <summary>The commands operators run on this resource (see <see cref="ResourceCommandExtensions.WithCommand{T}"/>).</summary>
    public IReadOnlyList<ResourceCommandAnnotation> Commands => _commands;

    public Endpoint GetEndpoint(string endpointName) =>
        _endpoints.FirstOrDefault(e => e.Name == endpointName)
        ?? throw new InvalidOperationException($"Resource '{Name}' has no endpoint named '{endpointName}'.");

    internal Endpoint AddEndpoint(string endpointName, string scheme, string host, int? port)
    {
        if (_endpoints.Any(e => e.Name == endpointName))
        {
            throw new InvalidOperationException($"Resource '{Name}' already has an endpoint named '{endpointName}'.");
        }

        var endpoint = new Endpoint(endpointName, scheme, host, port);
        _endpoints.Add(endpoint);
        return endpoint;
    }

    internal void AddReference(IResource resource)
    {
        if (!_references.Contains(resource))
        {
            _references.Add(resource);
        }
    }

    internal void AddCommand(ResourceCommandAnnotation command)
    {
        if (_commands.Any(c => c.Name == command.Name))
        {
            throw new InvalidOperationException($"Resource '{Name}' already has a command named '{command.Name}'.");
        }

        _commands.Add(command);
    }

    internal void AddWait(IResource resource)
    {
        if (!_waitsFor.Contains(resource))
        {
            _waitsFor.Add(resource);
        }
    }
}

internal static class ResourceName
{
    public static string Validate(string name, string what = "Resource name")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || !char.IsAsciiLetterLower(name[0]))
        {
            throw new ArgumentException($"{what} '{name}' must start with a lowercase letter and hold only lowercase letters, digits and '-'.", nameof(name));
        }

        return name;
    }
}
