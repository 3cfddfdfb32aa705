using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Validates JWTs with <see cref="JsonWebTokenHandler"/> and remembers the ones that passed until
/// they expire (at most <see cref="MaxAge"/>): callers send the same token call after call, and
/// validating it again (base64, JSON, HMAC) was the largest cost of an authenticated call.
/// Requests with the same token share one identity, which refuses changes
/// (<see cref="ValidatedIdentity"/>): nothing in a service adds claims to a caller's identity, and
/// copying its claims for every call was most of what an authenticated call allocated.
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
                ClaimsIdentity = cached.Identity,
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
            _validated[token] = new Validated(new ValidatedIdentity(result.ClaimsIdentity), jwt, expires < now + MaxAge ? expires : now + MaxAge);
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    private sealed record Validated(ValidatedIdentity Identity, JsonWebToken Token, DateTimeOffset Until);
}

/// <summary>The identity of a validated token, shared by the requests that carry it: its claims cannot change.</summary>
internal sealed class ValidatedIdentity(ClaimsIdentity validated) : ClaimsIdentity(validated)
{
    public override void AddClaim(Claim claim) => throw Frozen();

    public override void AddClaims(IEnumerable<Claim?> claims) => throw Frozen();

    public override void RemoveClaim(Claim? claim) => throw Frozen();

    public override bool TryRemoveClaim(Claim? claim) => throw Frozen();

    public override ClaimsIdentity Clone() => new(this);

    private static NotSupportedException Frozen() =>
        new("A validated token's identity is shared by the requests that carry it; its claims cannot change.");
}
