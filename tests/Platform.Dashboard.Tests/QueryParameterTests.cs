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
