using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// Every call that needs authorisation needs a token that names its caller: its <c>sub</c> claim
/// (required in JWT access tokens by RFC 9068), of at most <see cref="MaxLength"/> characters. The
/// caller scopes request ids and rate limits and is written into histories, so a token without
/// one (which would share both with every other such token) or with one longer than a history
/// keeps is refused here, once, naming the cause.
/// </summary>
public sealed class CallerRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public const string ClaimType = "sub";

    /// <summary>What the services' columns for who made a change (ChangedBy, LoggedBy, ...) hold.</summary>
    public const int MaxLength = 200;

    internal static CallerRequirement Instance { get; } = new();

    private CallerRequirement()
    {
    }

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Refusal(context.User) is { } refusal)
        {
            context.Fail(new AuthorizationFailureReason(this, refusal));
        }
        else
        {
            context.Succeed(this);
        }

        return Task.CompletedTask;
    }

    private static string? Refusal(ClaimsPrincipal user)
    {
        var caller = user.FindFirst(ClaimType)?.Value;
        if (string.IsNullOrWhiteSpace(caller))
        {
            return "The token names no caller: it has no sub claim.";
        }

        return caller.Length > MaxLength
            ? string.Create(CultureInfo.InvariantCulture, $"The token's caller (its sub claim) is {caller.Length} characters long; a caller is at most {MaxLength}.")
            : null;
    }
}
