using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// JwtBearer with a short way for a token it has already validated (<see cref="ValidatedTokens"/>):
/// the caller is taken from there, skipping the per-request copy of the validation settings,
/// the events and the contexts JwtBearer builds around each validation. Any other token, and
/// every failure, takes JwtBearer's own way. The <see cref="JwtBearerEvents"/> therefore run only
/// when a token is first seen; no platform service uses them.
/// </summary>
internal sealed class BearerHandler(IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder, ValidatedTokens validated)
    : JwtBearerHandler(options, logger, encoder)
{
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } header
            && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && validated.TryGet(header.AsSpan(Prefix.Length).Trim(), out var caller))
        {
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(caller, Scheme.Name)));
        }

        return base.HandleAuthenticateAsync();
    }
}
