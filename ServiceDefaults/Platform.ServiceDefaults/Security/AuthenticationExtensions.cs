using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// JWT bearer authentication configured the .NET way, from <c>Authentication:Schemes:Bearer:*</c>
/// (the settings <c>dotnet user-jwts</c> writes; in production an <c>Authority</c>); every endpoint
/// needs a token unless it allows anonymous access; one policy per scope.
/// </summary>
public static class AuthenticationExtensions
{
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                // Keep claim names as issued ("scope", "sub"), not mapped to WS-* URIs.
                o.MapInboundClaims = false;
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddScopePolicies();

        builder.Services.AddSingleton<ServiceToken>();
        return builder;
    }

    private static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => Scopes.Has(c.User, scope)));
        }

        return authorization;
    }
}
