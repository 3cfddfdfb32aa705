namespace Platform.Hosting;

/// <summary>A network endpoint of a resource: a name, a scheme and a port on the loopback interface.</summary>
public sealed class Endpoint(string name, string scheme, string host, int? requestedPort)
{
    private int _port;

    public string Name { get; } = name;

    public string Scheme { get; } = scheme;

    /// <summary>The port asked for in the app model; null means any free port.</summary>
    public int? RequestedPort { get; } = requestedPort;

    public int Port => _port != 0 ? _port : throw new InvalidOperationException($"Endpoint '{Name}' has no port yet: the application has not been built.");

    public bool IsAllocated => _port != 0;

    /// <summary>Infrastructure listens on 127.0.0.1 only; projects on localhost (Kestrel binds both loopback addresses).</summary>
    public string Host { get; } = host;

    public string Url => $"{Scheme}://{Host}:{Port}";

    internal void Allocate(int port) => _port = port;
}
