using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Platform.Hosting.Api;

/// <summary>
/// Guards the endpoints marked with <see cref="RequireDashboardToken{TBuilder}"/> before anything
/// of the request is read (a body is bound only for a caller who may call): the dashboard token,
/// as a bearer header or the sign-in cookie; and a change (any method but GET and HEAD) that only
/// the cookie carries must come from the dashboard's own pages. Browsers send the cookie with
/// requests from pages on every localhost port (SameSite ignores ports), so without that check any
/// local page could stop a resource. And no page may frame the dashboard: in a frame of a page on
/// another localhost port it would have its cookie and its own origin, so that page could lay a
/// Restart button under a click of its own.
/// </summary>
internal static class DashboardAccess
{
    public static TBuilder RequireDashboardToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(TokenRequired.Instance);

    public static void UseDashboardAccess(this WebApplication app, DashboardToken token) =>
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            if (context.GetEndpoint()?.Metadata.GetMetadata<TokenRequired>() is not null && Refusal(context, token) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>A browser navigating to a page (not a script calling the API) gets HTML.</summary>
    public static bool WantsHtml(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api") && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);

    private static IResult? Refusal(HttpContext context, DashboardToken token) => token.Credential(context) switch
    {
        DashboardCredential.None => WantsHtml(context)
            ? Results.Content(Dashboard.DashboardLayout.Login(null, context.Request.Path + context.Request.QueryString), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized)
            : Results.Problem("Sign in with the dashboard login URL, or send 'Authorization: Bearer <token>'.", statusCode: StatusCodes.Status401Unauthorized),
        DashboardCredential.Cookie when !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !FromOwnPage(context.Request) =>
            Results.Problem(
                $"A change signed in by the dashboard's cookie is taken only from the dashboard's own pages, not from {context.Request.Headers.Origin.FirstOrDefault() ?? "a page that does not say where it is"}. Programs send 'Authorization: Bearer <token>'.",
                statusCode: StatusCodes.Status403Forbidden),
        _ => null,
    };

    /// <summary>Browsers name the page a request comes from: <c>Origin</c> on every POST, <c>Sec-Fetch-Site</c> on every request.</summary>
    private static bool FromOwnPage(HttpRequest request) =>
        request.Headers.Origin.ToString() is { Length: > 0 } origin
            ? string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            : request.Headers["Sec-Fetch-Site"] == "same-origin";

    /// <summary>Marks an endpoint that answers only behind the dashboard token.</summary>
    private sealed class TokenRequired
    {
        public static readonly TokenRequired Instance = new();
    }
}
