using System.Net;
using Microsoft.Playwright;
using Platform.Hosting.Testing;
using static Microsoft.Playwright.Assertions;
using static Platform.Dashboard.Tests.OtlpExports;

namespace Platform.Dashboard.Tests;

/// <summary>A search the API refuses says why on the page, instead of leaving the last results as if they answered it.</summary>
public sealed class SearchProblemTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/structured")]
    [InlineData("/traces")]
    public async Task A_search_refused_for_a_lost_sign_in_says_so_on_the_page(string path)
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/logs", Log("Shown before"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/traces", Trace(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), 1))).StatusCode);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = await OsPackages.LocateAsync("chromium", "chromium", Cancel), Headless = true });
        var page = await browser.NewPageAsync(new() { BaseURL = app.DashboardUrl.ToString() });
        await page.GotoAsync(app.LoginUrl.ToString());
        await page.GotoAsync(path);
        await Expect(page.Locator("#summary")).ToContainTextAsync("1 ");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);

        // As after the AppHost restarted with a new token: the page is open, its calls are refused.
        await page.Context.ClearCookiesAsync();
        await page.Locator("#query button[type=submit]").ClickAsync();

        await Expect(page.Locator("#summary")).ToContainTextAsync("401 Sign in with the dashboard login URL");
        await Expect(page.Locator("tbody tr")).ToHaveCountAsync(0);
    }
}
