using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Platform.Hosting.Api;

/// <summary>
/// Each of the AppHost's two ports serves only its own endpoints: the OTLP port those marked with
/// <see cref="ServeOnOtlpPort{TBuilder}"/>, the dashboard port every other one; anything else is 404.
/// Decided by the port the connection came in on, not by the Host header, which a caller writes
/// (<c>RequireHost</c> matches the header, so the OTLP port served the dashboard to a request
/// naming the dashboard's port, and the login and the scripts to any request).
/// </summary>
internal static class PortSeparation
{
    public static TBuilder ServeOnOtlpPort<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(OtlpEndpoint.Instance);

    public static void UsePortSeparation(this WebApplication app, int otlpPort) =>
        app.Use((context, next) =>
        {
            var onOtlpPort = context.Connection.LocalPort == otlpPort;
            var otlpEndpoint = context.GetEndpoint()?.Metadata.GetMetadata<OtlpEndpoint>() is not null;
            if (onOtlpPort != otlpEndpoint)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });

    /// <summary>Marks an endpoint of the OTLP receiver.</summary>
    private sealed class OtlpEndpoint
    {
        public static readonly OtlpEndpoint Instance = new();
    }
}
