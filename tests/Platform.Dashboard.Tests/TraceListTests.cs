using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Hosting.Telemetry.Otlp;
using Platform.Hosting.Testing;
using static Platform.Dashboard.Tests.OtlpExports;

namespace Platform.Dashboard.Tests;

/// <summary>The traces page's list: its status filter and its sort.</summary>
public sealed class TraceListTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_status_filter_tells_ok_traces_from_unset_ones_and_an_unknown_status_or_sort_is_refused()
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        var unset = await SendTraceAsync(app, Status.Types.StatusCode.Unset);
        var ok = await SendTraceAsync(app, Status.Types.StatusCode.Ok);
        var error = await SendTraceAsync(app, Status.Types.StatusCode.Error);
        using var client = app.CreateDashboardClient();
        async Task<JsonElement[]> ListAsync(string status) =>
            [.. (await client.GetFromJsonAsync<JsonElement>($"/api/trace-list?status={status}", Cancel)).GetProperty("traces").EnumerateArray()];
        async Task<string[]> IdsAsync(string status) => [.. (await ListAsync(status)).Select(t => t.GetProperty("traceId").GetString()!)];

        Assert.Equal([unset], await IdsAsync("Unset"));
        Assert.Equal([ok], await IdsAsync("Ok"));
        Assert.Equal([error], await IdsAsync("Error"));
        var all = await ListAsync(string.Empty);
        Assert.Equal(
            new[] { $"{error} Error", $"{ok} Ok", $"{unset} Unset" }.Order(StringComparer.Ordinal),
            all.Select(t => $"{t.GetProperty("traceId").GetString()} {t.GetProperty("status").GetString()}").Order(StringComparer.Ordinal));

        var byStatus = (await client.GetFromJsonAsync<JsonElement>("/api/trace-list?sort=status&ascending=true", Cancel)).GetProperty("traces");
        Assert.Equal(["Unset", "Ok", "Error"], byStatus.EnumerateArray().Select(t => t.GetProperty("status").GetString()));

        using var wrongStatus = await client.GetAsync(new Uri("/api/trace-list?status=Failed", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, wrongStatus.StatusCode);
        Assert.Contains("Unset, Ok, Error", await wrongStatus.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using var wrongSort = await client.GetAsync(new Uri("/api/trace-list?sort=durationn", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, wrongSort.StatusCode);
        Assert.Contains("start, duration, spans, name, status", await wrongSort.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_status_filter_takes_a_status_in_any_case_as_the_level_filter_does()
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        await SendTraceAsync(app, Status.Types.StatusCode.Ok);
        var error = await SendTraceAsync(app, Status.Types.StatusCode.Error);
        using var client = app.CreateDashboardClient();

        using var response = await client.GetAsync(new Uri("/api/trace-list?status=error", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traces = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("traces");
        Assert.Equal([error], traces.EnumerateArray().Select(t => t.GetProperty("traceId").GetString()));
    }

    /// <summary>A trace of two spans, the child's status <paramref name="child"/> (the root's unset, as ASP.NET Core leaves a request that succeeded).</summary>
    private static async Task<string> SendTraceAsync(Platform.Hosting.DistributedApplication app, Status.Types.StatusCode child)
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var export = Trace(traceId, 2);
        export.ResourceSpans[0].ScopeSpans[0].Spans[1].Status = new Status { Code = child };
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/traces", export)).StatusCode);
        return traceId;
    }
}
