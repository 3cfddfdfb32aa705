using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Hosting.Testing;

namespace Platform.Dashboard.Tests;

/// <summary>A query parameter that does not read as what it means is refused with a reason the page can show.</summary>
public sealed class QueryParameterTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/logs?from=yesterday", "from", "yesterday")]
    [InlineData("/api/logs?limit=many", "limit", "many")]
    [InlineData("/api/trace-list?minMs=abc", "minMs", "abc")]
    [InlineData("/api/trace-list?minMs=NaN", "minMs", "NaN")]
    [InlineData("/api/metrics/svc/requests?window=5m", "window", "5m")]
    public async Task A_parameter_that_does_not_read_is_a_400_saying_which_and_why(string url, string parameter, string value)
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        using var client = app.CreateDashboardClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString();
        Assert.Contains(parameter, detail, StringComparison.Ordinal);
        Assert.Contains(value, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("warning")]
    [InlineData("WARNING")]
    [InlineData("Warning")]
    public async Task A_level_in_any_case_filters_as_that_level(string level)
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        using var client = app.CreateDashboardClient();
        var text = "level-case-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (severity, message) in new[] { (9, text + " information"), (13, text + " warning") })
        {
            var export = OtlpExports.Log(message);
            export.ResourceLogs[0].ScopeLogs[0].LogRecords[0].SeverityNumber = severity;
            Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/logs", export)).StatusCode);
        }

        using var response = await client.GetAsync(new Uri($"/api/logs?level={level}&text={text}", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("entries").EnumerateArray());
        Assert.Equal(text + " warning", entry.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_saying_so()
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        using var client = app.CreateDashboardClient();

        using var response = await client.PostAsync(new Uri("/api/tokens", UriKind.Relative), new StringContent("{", System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
