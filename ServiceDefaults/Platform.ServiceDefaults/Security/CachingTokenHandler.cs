using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Validates JWTs with <see cref="JsonWebTokenHandler"/> and remembers the ones that passed until
/// they expire (at most <see cref="MaxAge"/>): callers send the same token call after call, and
/// validating it again (base64, JSON, HMAC) was the largest cost of an authenticated call.
/// Each request still gets its own copy of the identity.
/// </summary>
internal sealed class CachingTokenHandler(TimeProvider timeProvider) : TokenHandler
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    private const int MaxEntries = 10_000;
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = timeProvider.GetUtcNow();
        if (_validated.TryGetValue(token, out var cached) && now < cached.Until)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = cached.Identity.Clone(),
                SecurityToken = cached.Token,
                Issuer = cached.Token.Issuer,
                TokenType = cached.Token.Typ,
            };
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            if (_validated.Count >= MaxEntries)
            {
                _validated.Clear();
            }

            var expires = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
            _validated[token] = new Validated(result.ClaimsIdentity.Clone(), jwt, expires < now + MaxAge ? expires : now + MaxAge);
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private sealed record Validated(System.Security.Claims.ClaimsIdentity Identity, JsonWebToken Token, DateTimeOffset Until);
}
