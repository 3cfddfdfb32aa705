using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// JWT bearer authentication configured the .NET way, from <c>Authentication:Schemes:Bearer:*</c>
/// (the settings <c>dotnet user-jwts</c> writes; in production an <c>Authority</c>); every endpoint
/// needs a token that names its caller (<see cref="CallerRequirement"/>) unless it allows anonymous
/// access, whether it asks for no policy, the default one or a scope's; one policy per scope.
/// </summary>
public static class AuthenticationExtensions
{
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddSingleton<ValidatedTokens>();
        builder.Services.AddTransient<BearerHandler>();
        builder.Services.Configure<AuthenticationOptions>(o => o.SchemeMap[JwtBearerDefaults.AuthenticationScheme].HandlerType = typeof(BearerHandler));
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<ValidatedTokens>((o, validated) =>
            {
                // Keep claim names as issued ("scope", "sub"), not mapped to WS-* URIs.
                o.MapInboundClaims = false;
                // Nothing reads the token back from the authentication properties; storing it
                // there cost a dictionary and a copy on every call.
                o.SaveToken = false;
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(new CachingTokenHandler(validated));
            });

        // The keys read from Authentication:Schemes:Bearer:SigningKeys arrive as a lazy sequence over
        // configuration, which JwtBearer enumerates on every request (walking and sorting the
        // configuration, decoding the key): a measurable share of each call. Read them once.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            if (o.TokenValidationParameters.IssuerSigningKeys is { } keys)
            {
                o.TokenValidationParameters.IssuerSigningKeys = keys.ToList();
            }
        });

        // The fallback policy covers endpoints that ask for nothing; the default one, those that ask
        // with a bare [Authorize] or RequireAuthorization(). Both need a caller.
        var namedCaller = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(CallerRequirement.Instance).Build();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(namedCaller)
            .SetDefaultPolicy(namedCaller)
            .AddScopePolicies();

        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResults>();
        builder.Services.AddSingleton<ServiceToken>();
        KeepDataProtectionLazy(builder.Services);
        return builder;
    }

    /// <summary>
    /// Nothing in a service uses Data Protection (bearer tokens only, no cookies), but
    /// <c>AddAuthentication</c> registers it, and its hosted service creates and loads an XML key
    /// ring at every start: a key file in the account's home and the XML stack in memory, for
    /// nothing. Without that hosted service the key ring is only made if something asks for it.
    /// </summary>
    private static void KeepDataProtectionLazy(IServiceCollection services)
    {
        var eagerKeyRing = services
            .Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService")
            .ToList();
        foreach (var registration in eagerKeyRing)
        {
            services.Remove(registration);
        }
    }

    private static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder authorization)
    {
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().AddRequirements(CallerRequirement.Instance, new ScopeRequirement(scope)));
        }

        return authorization;
    }
}
