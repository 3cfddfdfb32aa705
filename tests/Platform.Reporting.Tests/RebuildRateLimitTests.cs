using Grpc.Core;
using Platform.Contracts.Reporting.V1;

namespace Platform.Reporting.Tests;

/// <summary>
/// Rebuilding replays every event: like every other change, it comes out of the caller's budget. A
/// Reporting service of its own, with a budget of two changes and one more a second: the default budget
/// (100 at once, 50 a second) would take over a hundred rebuilds, each replaying a shared journal, faster
/// than 50 a second.
/// </summary>
public sealed class RebuildRateLimitTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rebuilds_beyond_the_callers_budget_are_ResourceExhausted()
    {
        await using var reporting = await BlankReporting.StartAsync(Cancel, ("RateLimiting__Mutations__Burst", "2"), ("RateLimiting__Mutations__PerSecond", "1"));
        var operatorClient = ReportingFixture.Client(reporting.App, reporting.App.Tokens.CreateOperatorToken());

        await operatorClient.RebuildReadModelsAsync(new RebuildReadModelsRequest(), cancellationToken: Cancel);
        await operatorClient.RebuildReadModelsAsync(new RebuildReadModelsRequest(), cancellationToken: Cancel);
        var refused = await Assert.ThrowsAsync<RpcException>(() => operatorClient.RebuildReadModelsAsync(new RebuildReadModelsRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }
}
