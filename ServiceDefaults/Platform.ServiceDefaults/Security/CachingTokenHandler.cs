using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Validates JWTs with <see cref="JsonWebTokenHandler"/> and remembers the ones that passed in
/// <see cref="ValidatedTokens"/>, where <see cref="BearerHandler"/> finds them on the next call.
/// </summary>
internal sealed class CachingTokenHandler(ValidatedTokens validated) : TokenHandler
{
    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            validated.Remember(token, result.ClaimsIdentity, new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc)));
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);
}
