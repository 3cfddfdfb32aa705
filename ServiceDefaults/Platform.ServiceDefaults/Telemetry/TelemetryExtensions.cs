using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>Traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
public static class TelemetryExtensions
{
    /// <summary>The platform's own meters and activity sources all start with this.</summary>
    public const string PlatformPrefix = "Platform.";

    /// <summary>
    /// Attribute sets kept per metric. The SDK sets aside room for every one of them when the
    /// metric is created (about 100 bytes each): its default of 2,000 per metric held 15 MB of an
    /// idle Reporting service (docs/performance.md). The busiest metrics have a few dozen
    /// sets (an RPC route and status; a message type and endpoint); measurements beyond the limit
    /// are still counted, in one overflow set.
    /// </summary>
    public const int MetricCardinalityLimit = 200;

    public static IHostApplicationBuilder AddPlatformTelemetry(this IHostApplicationBuilder builder)
    {
        // The exporter reads OTEL_EXPORTER_OTLP_PROTOCOL and OTEL_EXPORTER_OTLP_HEADERS itself.
        var export = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .WithLogging(
                logging =>
                {
                    if (export)
                    {
                        logging.AddOtlpExporter(WithOwnHttpClient);
                    }
                },
                options =>
                {
                    options.IncludeFormattedMessage = true;
                    options.IncludeScopes = true;
                })
            .WithMetrics(metrics =>
            {
                metrics
                    // ASP.NET Core's meters that operators read (request duration, connections,
                    // rate limiting), not every built-in one: each costs time on every request.
                    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting")
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter("MassTransit")
                    .AddMeter(PlatformPrefix + "*")
                    .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MetricCardinalityLimit });
                if (export)
                {
                    metrics.AddOtlpExporter(WithOwnHttpClient);
                }
            })
            .WithTracing(tracing =>
            {
                tracing
                    .SetDefaultSampler(builder)
                    .AddSource(builder.Environment.ApplicationName)
                    .AddSource(PlatformPrefix + "*")
                    .AddSource("MassTransit")
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthRequest(context))
                    .AddGrpcClientInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (export)
                {
                    tracing.AddOtlpExporter(WithOwnHttpClient);
                }
            });

        return builder;
    }

    /// <summary>
    /// The exporter sends with the SDK's own HttpClient (its timeout, and the CA or client
    /// certificate of <c>OTEL_EXPORTER_OTLP_CERTIFICATE</c> and <c>_CLIENT_CERTIFICATE</c>), not one from
    /// IHttpClientFactory. The exporter takes the factory's client whenever its own factory is still the
    /// SDK's default, so the default goes in under a delegate of ours. The factory's clients carry what
    /// ConfigureHttpClientDefaults gives every client: the standard resilience handler, built for calls
    /// between services, whose pipeline (Polly, its telemetry and option validation) was built at start
    /// only to retry what the exporter already retries by itself.
    /// </summary>
    private static void WithOwnHttpClient(OtlpExporterOptions options)
    {
        var sdkClient = options.HttpClientFactory;
        options.HttpClientFactory = () => sdkClient();
    }

    /// <summary>Traces kept a second per instance outside Development; below that, every trace.</summary>
    public const double TracesPerSecond = 100;

    /// <summary>
    /// Development keeps every trace (the dashboard shows them all). Elsewhere every trace is kept
    /// up to <see cref="TracesPerSecond"/> a second (<see cref="RateLimitingSampler"/>), decided at
    /// its root so a trace is whole or absent. <c>OTEL_TRACES_SAMPLER</c> (with
    /// <c>OTEL_TRACES_SAMPLER_ARG</c>), read by the SDK itself, overrides both.
    /// </summary>
    private static TracerProviderBuilder SetDefaultSampler(this TracerProviderBuilder tracing, IHostApplicationBuilder builder) =>
        builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_TRACES_SAMPLER"])
            ? tracing
            : tracing.SetSampler(new ParentBasedSampler(new RateLimitingSampler(TracesPerSecond)));

    /// <summary>Health probes run every few seconds; tracing them would drown the real traffic.</summary>
    private static bool IsHealthRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Health.HealthExtensions.HealthPath)
        || context.Request.Path.StartsWithSegments(Health.HealthExtensions.AlivePath)
        || context.Request.Path.StartsWithSegments("/grpc.health.v1.Health");
}
