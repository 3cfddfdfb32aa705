using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Partner.V1;
using Platform.Hosting.Testing;
using DistributedApplication = Platform.Hosting.DistributedApplication;
using PostgresServerResource = Platform.Hosting.PostgresServerResource;

namespace Platform.Dashboard.Tests;

/// <summary>The dashboard's API on the real services' telemetry, and its sign-in.</summary>
[Collection(DashboardServers.Name)]
public sealed class DashboardApiTests(DashboardFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private DistributedApplication App => fixture.App;

    [Fact]
    public async Task The_services_structured_logs_arrive_and_filter_by_resource_level_and_text()
    {
        using var client = App.CreateDashboardClient();

        var started = await Poll.UntilAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>("/api/logs?service=partner&level=Information&text=Application%20started", Cancel)).GetProperty("entries") is { } e && e.GetArrayLength() > 0 ? e[0].GetRawText() : null,
            "partner's start-up log record");

        using var entry = JsonDocument.Parse(started);
        Assert.Equal("partner", entry.RootElement.GetProperty("service").GetString());
        Assert.Equal("Information", entry.RootElement.GetProperty("level").GetString());
        var errorsOnly = await client.GetFromJsonAsync<JsonElement>("/api/logs?service=partner&level=Error&text=Application%20started", Cancel);
        Assert.Equal(0, errorsOnly.GetProperty("entries").GetArrayLength());
        var badLevel = await client.GetAsync(new Uri("/api/logs?level=Loud", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badLevel.StatusCode);
    }

    [Fact]
    public async Task Request_durations_arrive_as_a_histogram_with_percentiles()
    {
        var partners = new PartnerService.PartnerServiceClient(fixture.Invoker("partner", "partner.read"));
        for (var i = 0; i < 20; i++)
        {
            await partners.ListOrganizationsAsync(new ListOrganizationsRequest { PageSize = 5 }, cancellationToken: Cancel);
        }

        using var client = App.CreateDashboardClient();
        var window = await Poll.UntilAsync(
            async () => await client.GetFromJsonAsync<JsonElement>("/api/metrics/partner/http.server.request.duration?window=300", Cancel) is var w && w.GetProperty("count").GetInt64() >= 20 ? w.GetRawText() : null,
            "20 requests in partner's http.server.request.duration");

        using var metric = JsonDocument.Parse(window);
        Assert.Equal("Histogram", metric.RootElement.GetProperty("kind").GetString());
        Assert.Equal("s", metric.RootElement.GetProperty("unit").GetString());
        var p50 = metric.RootElement.GetProperty("p50").GetDouble();
        var p99 = metric.RootElement.GetProperty("p99").GetDouble();
        Assert.InRange(p50, 0, 5);
        Assert.True(p99 >= p50);
        Assert.Equal(60, metric.RootElement.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task A_metric_window_narrows_to_one_route_through_its_attributes()
    {
        const string Metric = "/api/metrics/partner/http.server.request.duration";
        const string Route = "/platform.partner.v1.PartnerService/GetOrganization";
        var byRoute = $"{Metric}?window=300&attribute={Uri.EscapeDataString("http.route=" + Route)}";
        using var client = App.CreateDashboardClient();
        var before = await CountAsync(client, byRoute);
        var partners = new PartnerService.PartnerServiceClient(fixture.Invoker("partner", "partner.read"));
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => partners.GetOrganizationAsync(new GetOrganizationRequest { Id = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);
        }

        await Poll.UntilAsync(
            async () => await CountAsync(client, byRoute) >= before + 5 ? Route : null,
            "the 5 GetOrganization requests in the route's window");
        var narrowed = await CountAsync(client, byRoute);
        var all = await client.GetFromJsonAsync<JsonElement>(Metric + "?window=300", Cancel);
        var attributes = await client.GetFromJsonAsync<JsonElement>(Metric + "/attributes", Cancel);

        Assert.Contains(Route, attributes.GetProperty("values").GetProperty("http.route").EnumerateArray().Select(r => r.GetString()));
        Assert.True(all.GetProperty("count").GetInt64() > narrowed, "the other routes (health, other calls) are left out");
        var notFound = await client.GetAsync(new Uri($"{Metric}?attribute=http.route%3D%2Fno%2Fsuch%2Froute", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("http.route=/no/such/route", await notFound.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var malformed = await client.GetAsync(new Uri($"{Metric}?attribute=http.route", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task A_change_signed_in_by_cookie_is_taken_only_from_the_dashboards_own_pages()
    {
        using var handler = new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = App.DashboardUrl };
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(App.LoginUrl, Cancel)).StatusCode);

        // An unknown resource: a change that reaches its handler answers 404 and changes nothing.
        async Task<HttpStatusCode> RestartAsync(string header, string value)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/resources/nope/restart");
            request.Headers.Add(header, value);
            return (await browser.SendAsync(request, Cancel)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await RestartAsync("Origin", "http://localhost:1"));
        Assert.Equal(HttpStatusCode.Forbidden, await RestartAsync("Sec-Fetch-Site", "same-site"));
        Assert.Equal(HttpStatusCode.NotFound, await RestartAsync("Origin", App.DashboardUrl.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(HttpStatusCode.NotFound, await RestartAsync("Sec-Fetch-Site", "same-origin"));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/api/resources/redis", UriKind.Relative), Cancel)).StatusCode);
    }

    [Fact]
    public async Task No_other_page_may_frame_the_dashboard()
    {
        // A page on another localhost port is the same site: in a frame of it the dashboard gets its
        // cookie and its buttons post with its own origin, so only the browser refusing to frame it
        // keeps such a page from laying the Restart button under a click of its own.
        using var handler = new HttpClientHandler { UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = App.DashboardUrl };
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        using var signInForm = await browser.GetAsync(new Uri("/", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, signInForm.StatusCode);
        using var resourcesPage = await browser.GetAsync(App.LoginUrl, Cancel);
        Assert.Equal(HttpStatusCode.OK, resourcesPage.StatusCode);
        Assert.Contains("<h1>Resources</h1>", await resourcesPage.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        foreach (var response in new[] { signInForm, resourcesPage })
        {
            Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
            Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Signing_in_from_a_shared_link_returns_to_the_view_it_shares_and_nowhere_else()
    {
        using var handler = new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = App.DashboardUrl };
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        const string Shared = "/structured?service=partner&traceId=0af7651916cd43dd8448eb211c80319c";
        Uri SignIn(string token, string back) => new($"/login?t={Uri.EscapeDataString(token)}&return={Uri.EscapeDataString(back)}", UriKind.Relative);

        using var form = await browser.GetAsync(new Uri(Shared, UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, form.StatusCode);
        Assert.Contains($"name=\"return\" value=\"{WebUtility.HtmlEncode(Shared)}\"", await form.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using var wrong = await browser.GetAsync(SignIn("not-the-token", Shared), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains($"name=\"return\" value=\"{WebUtility.HtmlEncode(Shared)}\"", await wrong.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        using var signedIn = await browser.GetAsync(SignIn(App.Options.DashboardToken, Shared), Cancel);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(Shared, signedIn.Headers.Location?.OriginalString);

        foreach (var elsewhere in new[] { "//evil.example/", "/\\evil.example/", "https://evil.example/", "/\r\nSet-Cookie: a=b" })
        {
            using var response = await browser.GetAsync(SignIn(App.Options.DashboardToken, elsewhere), Cancel);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task A_call_without_the_token_is_refused_before_its_body_is_read()
    {
        using var anonymous = new HttpClient { BaseAddress = App.DashboardUrl };

        var response = await anonymous.PostAsync(new Uri("/api/tokens", UriKind.Relative), new StringContent("{", System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_environment_of_a_resource_is_shown_with_its_secrets_masked()
    {
        await App.WaitForResourceHealthyAsync("partner", Cancel);
        using var client = App.CreateDashboardClient();

        var variables = (await client.GetFromJsonAsync<JsonElement>("/api/resources/partner/environment", Cancel))
            .EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("value").GetString()!);

        var postgres = (PostgresServerResource)App.GetResource("postgres");
        Assert.Contains("Password=••••••", variables["ConnectionStrings__partnerdb"], StringComparison.Ordinal);
        Assert.DoesNotContain(postgres.Password, variables["ConnectionStrings__partnerdb"], StringComparison.Ordinal);
        Assert.Equal("••••••", variables["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("••••••", variables["Platform__ServiceToken"]);
        Assert.Equal("partner", variables["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public async Task Console_logs_download_as_text_for_one_resource()
    {
        using var client = App.CreateDashboardClient();

        var response = await client.GetAsync(new Uri("/api/console/download?resource=postgres", UriKind.Relative), Cancel);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("postgres-console.log", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync(Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains(" postgres ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_resource_in_the_console_calls_means_every_resource()
    {
        using var client = App.CreateDashboardClient();

        var download = await client.GetStringAsync(new Uri("/api/console/download?resource=", UriKind.Relative), Cancel);
        Assert.Contains(" postgres ", download, StringComparison.Ordinal);
        Assert.Contains(" partner ", download, StringComparison.Ordinal);

        using var first = JsonDocument.Parse((await ConsoleEventsAsync(client, "?resource=&tail=5", lastEventId: null, count: 1))[0].Data);
        Assert.False(string.IsNullOrEmpty(first.RootElement.GetProperty("resource").GetString()));
    }

    [Fact]
    public async Task A_console_stream_the_browser_reconnects_goes_on_after_the_last_line_it_had_instead_of_repeating_the_tail()
    {
        using var client = App.CreateDashboardClient();
        var before = await ConsoleEventsAsync(client, "?tail=5", lastEventId: null, count: 5);

        // What EventSource sends when it reconnects after a dropped connection: the id of the last event it had.
        var resumed = await ConsoleEventsAsync(client, "?tail=5", lastEventId: before[2].Id, count: 2);

        Assert.All(before, e => Assert.False(string.IsNullOrEmpty(e.Id), "A console line came without an id to resume from."));
        Assert.Equal(before.Skip(3), resumed);
    }

    /// <summary>The first events of a console stream: each one's id and data.</summary>
    private static async Task<List<(string? Id, string Data)>> ConsoleEventsAsync(HttpClient client, string query, string? lastEventId, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/stream/console" + query, UriKind.Relative));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var stream = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(Cancel));
        var events = new List<(string? Id, string Data)>();
        string? id = null;
        while (events.Count < count)
        {
            var line = await reader.ReadLineAsync(Cancel).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Cancel);
            if (line!.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((id, line["data: ".Length..]));
                id = null;
            }
        }

        return events;
    }

    [Fact]
    public async Task The_telemetry_limits_show_what_is_kept_and_dropped()
    {
        using var client = App.CreateDashboardClient();

        var limits = await client.GetFromJsonAsync<JsonElement>("/api/telemetry/limits", Cancel);

        Assert.Equal(App.Options.Telemetry.MaxSpans, limits.GetProperty("spans").GetProperty("capacity").GetInt32());
        Assert.True(limits.GetProperty("spans").GetProperty("kept").GetInt32() > 0);
        Assert.Equal(0, limits.GetProperty("dropped").GetProperty("spans").GetInt64());
        Assert.True(limits.GetProperty("disk").GetProperty("usedBytes").GetInt64() > 0);
        Assert.Equal(App.Options.Telemetry.MaxMetricAttributeSets, limits.GetProperty("metrics").GetProperty("maxAttributeSets").GetInt32());
    }

    /// <summary>The count of a histogram's window; 0 while no series matches.</summary>
    private static async Task<long> CountAsync(HttpClient client, string window)
    {
        using var response = await client.GetAsync(new Uri(window, UriKind.Relative), Cancel);
        return response.StatusCode == HttpStatusCode.NotFound ? 0 : (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("count").GetInt64();
    }
}
