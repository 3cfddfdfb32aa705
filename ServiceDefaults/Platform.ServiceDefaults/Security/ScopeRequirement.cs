using Microsoft.AspNetCore.Authorization;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// A policy's demand for one scope. It checks itself (as ASP.NET Core's assertion requirement
/// does), and a refused call can name the scope it lacked.
/// </summary>
internal sealed class ScopeRequirement(string scope) : IAuthorizationRequirement, IAuthorizationHandler
{
    public string Scope { get; } = scope;

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Scopes.Has(context.User, Scope))
        {
            context.Succeed(this);
        }

        return Task.CompletedTask;
    }
}
