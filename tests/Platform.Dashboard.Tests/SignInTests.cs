using System.Net;
using Platform.Hosting.Testing;

namespace Platform.Dashboard.Tests;

/// <summary>Signing in through the login URL, with the page to return to.</summary>
public sealed class SignInTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Signing_in_returns_to_a_shared_link_written_with_letters_beyond_ascii()
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.DashboardUrl };
        const string Shared = "/structured?text=café";

        using var response = await browser.GetAsync(new Uri($"/login?t={Uri.EscapeDataString(app.Options.DashboardToken)}&return={Uri.EscapeDataString(Shared)}", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/structured?text=caf%C3%A9", response.Headers.Location?.OriginalString);
    }
}
