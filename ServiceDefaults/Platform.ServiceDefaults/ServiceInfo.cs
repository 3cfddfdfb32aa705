using System.Reflection;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Common.V1;

namespace Platform.ServiceDefaults;

/// <summary>Which instance this is: name, version, environment, replica id, start time and schema version.</summary>
public sealed class ServiceInfo(IConfiguration configuration, IHostEnvironment environment, TimeProvider timeProvider)
{
    private readonly DateTimeOffset _startedAt = timeProvider.GetUtcNow();

    /// <summary>Set by the database start-up once migrations are applied.</summary>
    public string SchemaVersion { get; internal set; } = string.Empty;

    public string Service => configuration["OTEL_SERVICE_NAME"] ?? environment.ApplicationName;

    public string InstanceId =>
        (configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? string.Empty).Split(',')
            .Select(p => p.Split('=', 2))
            .FirstOrDefault(p => p.Length == 2 && p[0].Trim() == "service.instance.id")?[1].Trim()
        ?? Environment.MachineName;

    public GetServiceInfoResponse ToResponse() => new()
    {
        Service = Service,
        Version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        Environment = environment.EnvironmentName,
        InstanceId = InstanceId,
        StartedAt = Timestamp.FromDateTimeOffset(_startedAt),
        SchemaVersion = SchemaVersion,
    };
}
