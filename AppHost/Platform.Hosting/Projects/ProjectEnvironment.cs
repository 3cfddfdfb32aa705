using System.Globalization;

namespace Platform.Hosting;

/// <summary>
/// The environment a project process receives, with Aspire's names exactly
/// (documented in docs/apphost.md; a test checks it variable by variable).
/// </summary>
internal static class ProjectEnvironment
{
    /// <summary>Inherited variables that would contradict what the AppHost injects, and the AppHost's own secret.</summary>
    public static readonly IReadOnlyList<string> Removed =
        ["ConnectionStrings__*", "services__*", "OTEL_*", "Kestrel__*", "Authentication__*", "Platform__*", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTP_PORTS", "HTTPS_PORTS", "DOTNET_LAUNCH_PROFILE", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", DistributedApplicationOptions.DashboardTokenVariable];

    /// <summary>
    /// Memory settings every project gets unless the AppHost's own environment sets them (then
    /// inherited); docs/performance.md has the measurements.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> MemorySettings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // glibc gives every thread that allocates its own native arena (up to eight per core), and
        // each keeps the pages it touched; two arenas save about 4 MB per idle service.
        ["MALLOC_ARENA_MAX"] = "2",

        // A method is recompiled optimised after 1,024 calls (hex, as the runtime reads it) instead
        // of 30: an idle service's periodic work and code run a few dozen times at start no longer
        // get optimised code, its type data and profiles; 6 to 12 MB less per idle service, the
        // same processor time per call under load.
        ["DOTNET_TC_CallCountThreshold"] = "400",
    };

    public static Dictionary<string, string> Build(ProjectResource project, DistributedApplicationOptions options, Security.TokenIssuer tokens, string instanceId, int httpPort, int grpcPort)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = options.EnvironmentName,
            ["Kestrel__Endpoints__http__Url"] = $"http://localhost:{httpPort}",
            ["Kestrel__Endpoints__http__Protocols"] = "Http1AndHttp2",
            ["Kestrel__Endpoints__grpc__Url"] = $"http://localhost:{grpcPort}",
            ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://localhost:{options.OtlpPort}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=" + options.OtlpApiKey,
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=" + instanceId,

            // JWT validation as `dotnet user-jwts` configures it, and this service's own token.
            ["Authentication__Schemes__Bearer__ValidIssuer"] = Security.TokenIssuer.Issuer,
            ["Authentication__Schemes__Bearer__ValidAudiences__0"] = Security.TokenIssuer.Audience,
            ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = Security.TokenIssuer.Issuer,
            ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = tokens.KeyBase64,
            ["Platform__ServiceToken"] = tokens.CreateServiceToken(project),
        };

        foreach (var (name, value) in MemorySettings)
        {
            if (Environment.GetEnvironmentVariable(name) is null)
            {
                environment[name] = value;
            }
        }

        if (options.EnvironmentName == "Development")
        {
            // Telemetry shows up in the dashboard within a second instead of five.
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        }

        foreach (var reference in project.References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString withConnectionString:
                    environment[$"ConnectionStrings__{reference.Name}"] = withConnectionString.ConnectionString;
                    break;
                case ProjectResource referenced:
                    foreach (var endpoint in referenced.Endpoints)
                    {
                        environment[string.Create(CultureInfo.InvariantCulture, $"services__{referenced.Name}__{endpoint.Name}__0")] = endpoint.Url;
                    }

                    break;
            }
        }

        foreach (var (name, value) in project.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }
}
