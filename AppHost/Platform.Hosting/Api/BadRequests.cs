using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Hosting.Api;

/// <summary>
/// A request the framework cannot read into an endpoint's parameters (<c>?from=yesterday</c>,
/// <c>?limit=many</c>, a body that is not JSON) is answered as every other refusal of the API is:
/// problem JSON saying which parameter and what it was sent. Minimal APIs otherwise answer it with
/// a bare 400, and a page shows "400" and nothing the operator can act on.
/// </summary>
internal static class BadRequests
{
    public static void AddBadRequestProblems(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    public static void UseBadRequestProblems(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
            {
                await Results.Problem(ex.Message, statusCode: ex.StatusCode).ExecuteAsync(context);
            }
        });
}
