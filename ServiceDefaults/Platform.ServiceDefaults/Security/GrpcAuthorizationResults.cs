using System.Security.Claims;
using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Platform.ServiceDefaults.Grpc;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// A gRPC call refused by authorisation gets <c>Unauthenticated</c> or <c>PermissionDenied</c> with a
/// message naming the cause: no token, why the token was refused, a token that names no caller, or
/// the scope it lacks. Without this the caller saw only "Bad gRPC response. HTTP status code: 403". Other requests keep
/// ASP.NET Core's own answers (401 and 403).
/// </summary>
internal sealed partial class GrpcAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);

        // An allowed call, or a refused one that is not gRPC, takes ASP.NET Core's way, with nothing added.
        return authorizeResult.Succeeded || !TrailersOnlyResponse.IsGrpc(context.Request)
            ? _default.HandleAsync(next, context, policy, authorizeResult)
            : RefuseAsync(next, context, policy, authorizeResult);
    }

    private async Task RefuseAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // The bearer scheme's challenge or forbid sets its headers (WWW-Authenticate); the status follows.
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (context.Response.HasStarted)
        {
            return;
        }

        if (authorizeResult.Challenged)
        {
            TrailersOnlyResponse.Write(context.Response, StatusCode.Unauthenticated, Unauthenticated(context));
        }
        else if (authorizeResult.Forbidden)
        {
            TrailersOnlyResponse.Write(context.Response, StatusCode.PermissionDenied, PermissionDenied(context.User, authorizeResult));
        }
    }

    private static string Unauthenticated(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0)
        {
            return "This call needs a bearer token (Authorization: Bearer <token>).";
        }

        // The bearer scheme's challenge describes the refusal for callers ("The signature is invalid",
        // "The token expired at ..."), without the validation exception's internals.
        var description = ErrorDescription().Match(context.Response.Headers.WWWAuthenticate.ToString());
        return description.Success ? $"The bearer token was refused: {description.Groups[1].Value}." : "The bearer token was refused.";
    }

    [GeneratedRegex("error_description=\"([^\"]*)\"")]
    private static partial Regex ErrorDescription();

    private static string PermissionDenied(ClaimsPrincipal user, PolicyAuthorizationResult result)
    {
        if (result.AuthorizationFailure?.FailureReasons.FirstOrDefault(r => r.Handler is CallerRequirement) is { } noCaller)
        {
            return noCaller.Message;
        }

        var needed = result.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().Select(r => r.Scope).ToList() ?? [];
        if (needed.Count == 0)
        {
            return "The caller may not make this call.";
        }

        var held = user.FindAll(Scopes.ClaimType).Select(c => c.Value).ToList();
        return $"This call needs scope '{string.Join("' and '", needed)}'; the token holds {(held.Count == 0 ? "no scopes" : "'" + string.Join(' ', held) + "'")}.";
    }
}
