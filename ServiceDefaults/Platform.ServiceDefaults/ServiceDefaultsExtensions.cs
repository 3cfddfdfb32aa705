using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every platform service gets, in one call: telemetry, health, service discovery and
/// resilience, gRPC with the error convention, authentication with scopes, rate limiting.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddPlatformTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.AddPlatformGrpc();
        builder.AddPlatformAuthentication();
        builder.AddMutationRateLimiting();
        builder.Services.TryAddSingleton(TimeProvider.System);
        var zone = builder.Configuration["Platform:TimeZone"] ?? "Europe/Amsterdam";
        var fixedNow = builder.Configuration[NetworkCalendar.FixedNowSetting];
        builder.Services.AddSingleton(services => new NetworkCalendar(NetworkCalendar.Clock(services.GetRequiredService<TimeProvider>(), fixedNow), TimeZoneInfo.FindSystemTimeZoneById(zone)));
        builder.Services.AddSingleton<ServiceInfo>();
        builder.Services.AddHostedService<StartupMemoryTrim>();
        return builder;
    }

    /// <summary>
    /// The middleware and the endpoints every service has: unexpected errors answered with only
    /// their trace id (<see cref="UnexpectedErrors"/>); authentication, authorisation and rate
    /// limiting; <c>/health</c> and <c>/alive</c> (in every environment, without a token); the gRPC
    /// health service; server reflection, for any caller with a token (the method list
    /// is the API's map, and only health and public feeds are open without one).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseUnexpectedErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapPlatformHealthEndpoints();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService();
        return app;
    }
}
