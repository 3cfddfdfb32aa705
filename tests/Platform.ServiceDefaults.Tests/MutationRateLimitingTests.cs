using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Platform.ServiceDefaults.RateLimiting;

namespace Platform.ServiceDefaults.Tests;

/// <summary>The per-caller limit on changes, as an operator configures it.</summary>
public sealed class MutationRateLimitingTests
{
    [Theory]
    [InlineData("Burst", "0")]
    [InlineData("PerSecond", "0")]
    [InlineData("PerSecond", "-5")]
    public void A_limit_that_would_refuse_every_change_stops_the_service_at_start_naming_the_setting(string setting, string value)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimiting:Mutations:" + setting] = value });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddMutationRateLimiting());

        Assert.Equal($"RateLimiting:Mutations:{setting} must be at least 1, not {value}.", refused.Message);
    }
}
