using System.Reflection;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Common.V1;

namespace Platform.ServiceDefaults;

/// <summary>Which instance this is: name, version, environment, replica id, start time and schema version.</summary>
public sealed class ServiceInfo
{
    private readonly GetServiceInfoResponse _fixed;
    private GetServiceInfoResponse? _current;

    public ServiceInfo(IConfiguration configuration, IHostEnvironment environment, TimeProvider timeProvider)
    {
        // Read once: none of it changes while the process runs, and the call is on a hot path.
        _fixed = new GetServiceInfoResponse
        {
            Service = configuration["OTEL_SERVICE_NAME"] ?? environment.ApplicationName,
            Version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            Environment = environment.EnvironmentName,
            InstanceId = InstanceIdFrom(configuration["OTEL_RESOURCE_ATTRIBUTES"]) ?? System.Environment.MachineName,
            StartedAt = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow()),
        };
    }

    /// <summary>Set by the database start-up once migrations are applied.</summary>
    public string SchemaVersion
    {
        get => _fixed.SchemaVersion;
        internal set
        {
            _fixed.SchemaVersion = value;
            _current = null;
        }
    }

    /// <summary>The same immutable answer for every call (responses are only serialised, never changed).</summary>
    public GetServiceInfoResponse ToResponse() => _current ??= _fixed.Clone();

    private static string? InstanceIdFrom(string? resourceAttributes) =>
        (resourceAttributes ?? string.Empty).Split(',')
            .Select(p => p.Split('=', 2))
            .FirstOrDefault(p => p.Length == 2 && p[0].Trim() == "service.instance.id")?[1].Trim();
}
