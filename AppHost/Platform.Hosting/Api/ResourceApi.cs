using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Hosting.Orchestration;

namespace Platform.Hosting.Api;

/// <summary>
/// The resource API on the dashboard address: <c>GET /api/resources</c>, one resource, its console
/// logs, and <c>POST /api/resources/{name}/start|stop|restart</c>; all behind the dashboard token.
/// </summary>
internal static class ResourceApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static WebApplication Create(DistributedApplication application, Orchestrator orchestrator)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenLocalhost(application.Options.DashboardPort);
            k.ListenLocalhost(application.Options.OtlpPort);
        });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddBadRequestProblems();
        var app = builder.Build();
        var token = new DashboardToken(application.Options.DashboardToken);
        app.UsePortSeparation(application.Options.OtlpPort);
        app.UseBadRequestProblems();
        Telemetry.OtlpReceiver.Map(app, application.Options.OtlpApiKey, application.Telemetry);

        Dashboard.DashboardAssets.Map(app);
        app.MapGet("/login", (HttpContext context, string? t, [FromQuery(Name = "return")] string? returnTo) =>
        {
            returnTo = IsDashboardPath(returnTo) ? returnTo : null;
            if (!token.Matches(t))
            {
                return DashboardAccess.WantsHtml(context)
                    ? Results.Content(Dashboard.DashboardLayout.Login("The token is wrong.", returnTo), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized)
                    : Results.Problem("The token is wrong. Use the login URL the AppHost printed, or the value of PLATFORM_DASHBOARD_TOKEN.", statusCode: StatusCodes.Status401Unauthorized);
            }

            token.SignIn(context);
            return Results.Redirect(returnTo is null ? "/" : AsciiLocation(returnTo));
        });

        app.UseDashboardAccess(token);
        var secured = app.MapGroup("/").RequireDashboardToken();

        Dashboard.DashboardPages.Map(secured);
        Dashboard.ResourceEndpoints.Map(secured, application);
        Dashboard.TelemetryEndpoints.Map(secured, application.Telemetry, application.Options);
        Dashboard.Messaging.MessagingEndpoints.Map(secured, application);
        secured.MapPost("/api/tokens", (TokenRequest? request) =>
        {
            var hours = request?.LifetimeHours ?? 12;
            if (hours is <= 0 or > 24 * 30)
            {
                return Results.Problem("lifetimeHours must be between 1 and 720.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (request?.Caller is { } caller && !IsCallerName(caller))
            {
                return Results.Problem("caller must be 1 to 64 characters: lower-case letters, digits, '-', '_' or '.'.", statusCode: StatusCodes.Status400BadRequest);
            }

            var token = application.Tokens.CreateOperatorToken(request?.Scopes, TimeSpan.FromHours(hours), request?.Caller);
            return Results.Ok(new { token, expiresAt = DateTimeOffset.UtcNow.AddHours(hours) });
        });

        secured.MapGet("/api/traces", (string? service, string? traceId, int? limit) =>
            Results.Ok(new { dropped = application.Traces.Dropped, spans = application.Traces.Query(service, traceId, Math.Clamp(limit ?? 200, 1, 10_000)) }));

        var api = secured.MapGroup("/api/resources");
        api.MapGet("/", () => Results.Ok(application.ResourceNotifications.GetAll()));
        api.MapGet("/{name}", (string name) =>
            application.ResourceNotifications.TryGet(name, out var snapshot) ? Results.Ok(snapshot) : NotFound(name));
        api.MapGet("/{name}/logs", (string name, int? tail) =>
            orchestrator.Contains(name)
                ? Results.Ok(application.ResourceLogs.Tail(name, Math.Clamp(tail ?? 500, 1, 5000)))
                : NotFound(name));
        api.MapPost("/{name}/{command}", (string name, string command) =>
        {
            if (!orchestrator.Contains(name))
            {
                return NotFound(name);
            }

            Func<string, Task>? run = command switch
            {
                "start" => orchestrator.StartResourceAsync,
                "stop" => orchestrator.StopResourceAsync,
                "restart" => orchestrator.RestartResourceAsync,
                _ => null,
            };
            if (run is null)
            {
                // A resource's own commands (the seeder's "Seed demo data", for one) have their own route.
                return Results.Problem(
                    $"Unknown command '{command}' here: this route takes start, stop or restart; a resource's own commands run at POST /api/resources/{name}/commands/{command}.",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            _ = run(name);
            return Results.Accepted($"/api/resources/{name}", application.ResourceNotifications.Get(name));
        });

        return app;
    }

    /// <summary>Optional scopes (default: all), lifetime (default 12 h) and caller name (default: a new one) of an operator token.</summary>
    internal sealed record TokenRequest(IReadOnlyList<string>? Scopes, int? LifetimeHours, string? Caller);

    /// <summary>A path of this site (<c>/traces/…</c>), never another's (<c>//host</c>, <c>/\host</c>, <c>https://…</c>) nor a header's end.</summary>
    private static bool IsDashboardPath([NotNullWhen(true)] string? path) =>
        path is ['/', ..] && (path.Length == 1 || path[1] is not ('/' or '\\')) && !path.Any(char.IsControl);

    /// <summary>
    /// The path with each character beyond ASCII percent-encoded as its UTF-8 bytes, as a browser
    /// writes it: a header holds ASCII only (Kestrel refuses the answer otherwise, a 500).
    /// </summary>
    private static string AsciiLocation(string path) =>
        string.Concat(path.EnumerateRunes().Select(r => r.IsAscii ? r.ToString() : Uri.EscapeDataString(r.ToString())));

    private static bool IsCallerName(string caller) =>
        caller.Length is >= 1 and <= 64 && caller.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.');

    private static IResult NotFound(string name) =>
        Results.Problem($"There is no resource named '{name}'.", statusCode: StatusCodes.Status404NotFound);
}
