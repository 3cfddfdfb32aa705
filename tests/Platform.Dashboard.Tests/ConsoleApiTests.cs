using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Hosting.Testing;

namespace Platform.Dashboard.Tests;

/// <summary>The console calls for a resource that is not one of the application's.</summary>
public sealed class ConsoleApiTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/console/download?resource=postgress")]
    [InlineData("/api/stream/console?resource=postgress")]
    public async Task A_resource_name_the_application_does_not_have_is_404_not_an_empty_console(string url)
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        using var client = app.CreateDashboardClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("There is no resource named 'postgress'.", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }
}
