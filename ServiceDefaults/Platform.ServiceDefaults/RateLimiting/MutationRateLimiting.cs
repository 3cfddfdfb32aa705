using Microsoft.AspNetCore.Builder;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults.RateLimiting;

/// <summary>
/// A token bucket per caller (the token's subject) for calls that change data; mark them
/// <c>[EnableRateLimiting(MutationRateLimiting.Policy)]</c>. A refused gRPC call answers
/// <c>ResourceExhausted</c>; a refused HTTP call 429 with Retry-After.
/// </summary>
public static class MutationRateLimiting
{
    public const string Policy = "mutations";

    public static IHostApplicationBuilder AddMutationRateLimiting(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("RateLimiting:Mutations");
        var burst = AtLeastOne(limits, "Burst", 100);
        var perSecond = AtLeastOne(limits, "PerSecond", 50);

        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(CallerOf(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            o.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease);
        });
        return builder;
    }

    /// <summary>A setting of 0 or less would refuse every change, each with an unexplained 500: the service does not start with it.</summary>
    private static int AtLeastOne(IConfigurationSection limits, string setting, int defaultValue)
    {
        var value = limits.GetValue(setting, defaultValue);
        return value >= 1 ? value : throw new InvalidOperationException($"{limits.Path}:{setting} must be at least 1, not {value}.");
    }

    /// <summary>
    /// The caller request ids are scoped by too: authorisation, which runs first, has refused a token
    /// without one. Only an endpoint open without a token is limited per address.
    /// </summary>
    private static string CallerOf(HttpContext context) =>
        context.User.FindFirstValue(CallerRequirement.ClaimType) ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown address";

    private static ValueTask RejectAsync(HttpContext context, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        if (TrailersOnlyResponse.IsGrpc(context.Request))
        {
            TrailersOnlyResponse.Write(context.Response, global::Grpc.Core.StatusCode.ResourceExhausted, $"Too many changes from this caller; retry after {seconds} s.");
            return ValueTask.CompletedTask;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return ValueTask.CompletedTask;
    }
}
