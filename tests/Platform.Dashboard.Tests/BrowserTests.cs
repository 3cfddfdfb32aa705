using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.Contracts.Partner.V1;
using Platform.Contracts.Reporting.V1;
using Platform.Demo;
using Platform.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Platform.Dashboard.Tests;

/// <summary>The dashboard's sign-in and resources page as an operator uses them, in headless Chromium.</summary>
[Collection(DashboardServers.Name)]
public sealed class BrowserTests(DashboardFixture fixture)
{
    private static readonly string[] ResourceNames =
        ["redis", "rabbitmq", "postgres", "partnerdb", "experiencedb", "communitydb", "reportingdb", "partner", "experience", "community", "reporting"];

    /// <summary>For what the engine takes up to a minute to reach (a service healthy again).</summary>
    internal static readonly LocatorAssertionsToHaveTextOptions Patiently = new() { Timeout = 60_000 };

    private DistributedApplication App => fixture.App;

    [Fact]
    public async Task Signing_in_with_the_token_shows_every_resource_healthy()
    {
        var page = await fixture.SignedInPageAsync();

        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#resources tbody tr")).ToHaveCountAsync(ResourceNames.Length);
        foreach (var name in ResourceNames)
        {
            await Expect(page.Locator($"tr[data-resource='{name}'] td.state")).ToHaveTextAsync("Running", Patiently);
            await Expect(page.Locator($"tr[data-resource='{name}'] td.health")).ToHaveTextAsync("Healthy", Patiently);
        }

        await page.Locator("tr[data-resource='partner'] a.name").ClickAsync();
        await Expect(page.Locator("#environment")).ToContainTextAsync("ConnectionStrings__partnerdb");
        await Expect(page.Locator("#environment")).Not.ToContainTextAsync(((PostgresServerResource)App.GetResource("postgres")).Password);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task What_the_operator_selects_or_points_at_stays_while_health_checks_arrive()
    {
        var page = await fixture.SignedInPageAsync();
        await Expect(page.Locator("tr[data-resource='partner'] td.health")).ToHaveTextAsync("Healthy", Patiently);
        await page.Locator("tr[data-resource='partner'] a.name").ClickAsync();
        await Expect(page.Locator("#environment")).ToContainTextAsync("OTEL_SERVICE_NAME");
        await Expect(page.Locator("#health tr")).Not.ToHaveCountAsync(0);

        // The operator selects a value of the environment to copy it, and points at partner's Restart button.
        var health = await page.EvaluateAsync<string>("""
            () => {
              const name = [...document.querySelectorAll('#environment td')].find(td => td.textContent === 'OTEL_SERVICE_NAME');
              getSelection().selectAllChildren(name.nextElementSibling);
              window.restart = document.querySelector("tr[data-resource='partner'] button[data-command=restart]");
              return document.querySelector('#health').textContent;
            }
            """);

        // Partner's next health check (every 2 s) reaches the page with its new time.
        await page.WaitForFunctionAsync("before => document.querySelector('#health').textContent !== before", health);

        Assert.Equal("partner", await page.EvaluateAsync<string>("() => getSelection().toString()"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.restart.isConnected"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_details_show_the_environment_of_the_resource_chosen_last_whichever_answers_first()
    {
        var page = await fixture.SignedInPageAsync();
        // Marks each JSON answer once the page has done with it (its handlers run before the next task).
        await page.AddInitScriptAsync("""
            const json = Response.prototype.json;
            Response.prototype.json = function () {
              const url = this.url;
              return json.call(this).then(value => { setTimeout(() => (window.taken ??= []).push(url)); return value; });
            };
            """);
        await page.GotoAsync("/");
        var partnerAnswers = new TaskCompletionSource<IRoute>();
        await page.RouteAsync("**/api/resources/partner/environment", route => partnerAnswers.TrySetResult(route));

        await page.Locator("tr[data-resource='partner'] a.name").ClickAsync();
        var slow = await partnerAnswers.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await page.Locator("tr[data-resource='experience'] a.name").ClickAsync();
        await Expect(page.Locator("#environment")).ToContainTextAsync("OTEL_SERVICE_NAME");
        await slow.FulfillAsync(new() { ContentType = "application/json", Body = """[{"name":"OTEL_SERVICE_NAME","value":"partner, late"}]""" });
        await page.WaitForFunctionAsync("() => (window.taken || []).some(u => u.endsWith('/api/resources/partner/environment'))");

        await Expect(page.Locator("#details h2")).ToContainTextAsync("experience");
        await Expect(page.Locator("#environment")).Not.ToContainTextAsync("partner, late");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_says_when_it_lost_the_AppHost_rather_than_show_the_last_states_as_current()
    {
        var app = Platform.Hosting.Testing.DistributedApplicationTestingBuilder.Create().Build();
        await using (app)
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            var page = await (await fixture.NewBrowserContextAsync()).NewPageAsync();
            await page.GotoAsync(app.LoginUrl.ToString());
            await Expect(page.Locator("#resources")).ToBeVisibleAsync();

            await app.StopAsync();
            await Expect(page.Locator("#connection")).ToContainTextAsync("Connection to the AppHost lost", new() { Timeout = 30_000 });

            // Back on the same port, an AppHost with a fresh token no longer takes this sign-in.
            await page.RouteAsync("**/api/stream/resources", route => route.FulfillAsync(new() { Status = 401, ContentType = "application/problem+json", Body = "{}" }));
            await Expect(page.Locator("#connection")).ToContainTextAsync("sign in again", new() { Timeout = 30_000 });
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_wrong_token_is_refused()
    {
        var context = await fixture.NewBrowserContextAsync();
        var page = await context.NewPageAsync();

        var login = await page.GotoAsync("/login?t=not-the-token");
        Assert.Equal(401, login!.Status);
        await Expect(page.Locator("#problem")).ToHaveTextAsync("The token is wrong.");

        var resources = await page.GotoAsync("/");
        Assert.Equal(401, resources!.Status);
        await Expect(page.Locator("input[name=t]")).ToBeVisibleAsync();
        await Expect(page.Locator("#resources")).ToHaveCountAsync(0);
        Assert.Empty(await context.CookiesAsync());
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_page_on_another_localhost_port_cannot_make_changes_with_the_operators_sign_in()
    {
        // The browser sends the SameSite=Strict cookie along: localhost:3999 is the same site, ports aside.
        var page = await fixture.SignedInPageAsync();
        const string Elsewhere = "http://localhost:3999/";
        await page.RouteAsync(Elsewhere, route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<form method=post action='{App.DashboardUrl}api/resources/nope/restart'></form><script>document.forms[0].submit()</script>",
        }));

        var forged = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(Elsewhere), r => r.Url.EndsWith("/api/resources/nope/restart", StringComparison.Ordinal));

        Assert.Equal(403, forged.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Restarting_a_service_from_the_page_shows_its_state_change()
    {
        var before = await App.ResourceNotifications.WaitForAsync("reporting", s => s.IsHealthy, TestContext.Current.CancellationToken);
        var page = await fixture.SignedInPageAsync();
        var row = page.Locator("tr[data-resource='reporting']");
        await Expect(row.Locator("td.health")).ToHaveTextAsync("Healthy", Patiently);

        // Every state the row shows, in order, however briefly.
        await page.EvaluateAsync("""
            () => {
              window.seen = [];
              new MutationObserver(() => {
                const state = document.querySelector("tr[data-resource='reporting']").dataset.state;
                if (window.seen.at(-1) !== state) window.seen.push(state);
              }).observe(document.querySelector('#resources tbody'), { subtree: true, childList: true, attributes: true });
            }
            """);
        await row.Locator("button[data-command=restart]").ClickAsync();

        await Expect(row.Locator("td.state")).ToHaveTextAsync("Running", Patiently);
        await Expect(row.Locator("td.health")).ToHaveTextAsync("Healthy", Patiently);
        var after = await App.ResourceNotifications.WaitForAsync("reporting", s => s.IsHealthy && s.ProcessIds.Count == 1 && s.ProcessIds[0] != before.ProcessIds[0], TestContext.Current.CancellationToken);
        var seen = await page.EvaluateAsync<string[]>("window.seen");
        Assert.Contains("Exited", seen);
        Assert.Equal("Running", seen[^1]);
        Assert.NotEqual(before.ProcessIds[0], after.ProcessIds[0]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Seeding_the_demo_from_the_page_fills_the_services_and_a_second_run_adds_nothing()
    {
        var page = await fixture.SignedInPageAsync();
        var questions = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            questions.Add(dialog.Message);
            await dialog.AcceptAsync();
        };
        var seed = page.Locator("tr[data-resource='reporting'] button[data-resource-command='seed-demo']");
        var status = page.Locator("tr[data-resource='reporting'] [data-command-status='seed-demo']");
        await Expect(seed).ToHaveTextAsync("Seed demo data");
        await Expect(seed).ToBeEnabledAsync(new() { Timeout = 60_000 });

        await seed.ClickAsync();

        await Expect(status).ToHaveTextAsync("Running…");
        await Expect(seed).ToBeDisabledAsync();
        await Expect(seed).ToHaveAttributeAsync("title", new Regex("^Seed demo data is running"));
        await Expect(status).ToHaveTextAsync(new Regex(@"^Succeeded: \d+ organizations and 5 experiences are in place"), new() { Timeout = 240_000 });
        Assert.Equal("Add the demo data (partners, experiences, registrations, community) to this platform? Running it again adds nothing.", Assert.Single(questions));
        var partners = new PartnerService.PartnerServiceClient(fixture.Invoker("partner", "partner.read"));
        var names = (await partners.ListOrganizationsAsync(new ListOrganizationsRequest { PageSize = 500 }, cancellationToken: TestContext.Current.CancellationToken)).Organizations.Select(o => o.Name).ToList();
        Assert.All(DemoNetwork.Organizations, o => Assert.Contains(o.Name, names));
        var figures = await SettledFiguresAsync(s => s.Community.NewsPublished == 3 && s.Attendances > 0);

        await seed.ClickAsync();

        await Poll.UntilAsync(
            () => App.ResourceLogs.Tail("reporting").Count(l => l.Text.StartsWith("[seed-demo] Seed demo data: succeeded", StringComparison.Ordinal)) == 2 ? "done" : null,
            "the second run to succeed", 120);
        await Expect(status).ToHaveTextAsync(new Regex(@"^Succeeded: \d+ organizations"));
        Assert.Equal(2, questions.Count);
        Assert.Equal(names.Count, (await partners.ListOrganizationsAsync(new ListOrganizationsRequest { PageSize = 500 }, cancellationToken: TestContext.Current.CancellationToken)).Organizations.Count);
        Assert.Equal(figures, await SettledFiguresAsync(_ => true));
        await page.Context.CloseAsync();
    }

    /// <summary>Reporting's summary once it satisfies <paramref name="arrived"/> and stays the same for two seconds (it takes the events in within seconds).</summary>
    private async Task<ImpactSummary> SettledFiguresAsync(Func<ImpactSummary, bool> arrived)
    {
        var reporting = new ReportingService.ReportingServiceClient(fixture.Invoker("reporting", "reporting.read"));
        ImpactSummary? previous = null;
        return await Poll.UntilAsync(async () =>
        {
            var summary = await reporting.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: TestContext.Current.CancellationToken);
            summary.ComputedAt = null;
            var settled = arrived(summary) && summary.Equals(previous) ? summary : null;
            previous = summary;
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            return settled;
        }, "Reporting's figures of the demo to settle", 90);
    }
}
