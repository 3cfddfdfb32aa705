using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>The AppHost's eleven resources, running together on real servers.</summary>
public sealed class AppModelTests(PlatformAppFixture fixture) : IClassFixture<PlatformAppFixture>
{
    private static readonly string[] ResourceNames =
        ["redis", "rabbitmq", "postgres", "partnerdb", "experiencedb", "communitydb", "reportingdb", "partner", "experience", "community", "reporting"];

    private DistributedApplication App => fixture.App;

    private static CancellationToken Timeout(int seconds = 60) =>
        CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken).Also(c => c.CancelAfter(TimeSpan.FromSeconds(seconds))).Token;

    [Fact]
    public async Task All_eleven_resources_reach_healthy()
    {
        Assert.Equal(ResourceNames.Order(), App.ResourceNotifications.GetAll().Select(s => s.Name).Order());
        foreach (var name in ResourceNames)
        {
            var snapshot = await App.WaitForResourceHealthyAsync(name, Timeout());
            Assert.Equal(ResourceState.Running, snapshot.State);
            Assert.NotEmpty(snapshot.HealthReports);
        }
    }

    [Fact]
    public async Task A_project_receives_exactly_the_documented_environment()
    {
        var snapshot = await App.WaitForResourceHealthyAsync("experience", Timeout());
        var environment = TestProcesses.Environment(Assert.Single(snapshot.ProcessIds));
        var experience = (ProjectResource)App.GetResource("experience");
        var partner = (ProjectResource)App.GetResource("partner");

        var expected = new Dictionary<string, string>
        {
            ["ConnectionStrings__experiencedb"] = App.GetConnectionString("experiencedb"),
            ["ConnectionStrings__redis"] = App.GetConnectionString("redis"),
            ["ConnectionStrings__rabbitmq"] = App.GetConnectionString("rabbitmq"),
            ["services__partner__http__0"] = partner.GetEndpoint("http").Url,
            ["services__partner__grpc__0"] = partner.GetEndpoint("grpc").Url,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://localhost:{App.Options.OtlpPort}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=" + App.Options.OtlpApiKey,
            ["OTEL_SERVICE_NAME"] = "experience",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            ["Kestrel__Endpoints__http__Url"] = experience.GetEndpoint("http").Url,
            ["Kestrel__Endpoints__http__Protocols"] = "Http1AndHttp2",
            ["Kestrel__Endpoints__grpc__Url"] = experience.GetEndpoint("grpc").Url,
            ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Authentication__Schemes__Bearer__ValidIssuer"] = "platform-apphost",
            ["Authentication__Schemes__Bearer__ValidAudiences__0"] = "platform",
            ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = "platform-apphost",
            ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = App.Tokens.KeyBase64,
        };
        foreach (var (name, value) in expected)
        {
            Assert.True(environment.TryGetValue(name, out var actual), $"{name} is missing");
            Assert.Equal(value, actual);
        }

        Assert.Equal(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "2", environment["MALLOC_ARENA_MAX"]);
        Assert.Equal(Environment.GetEnvironmentVariable("DOTNET_TC_CallCountThreshold") ?? "400", environment["DOTNET_TC_CallCountThreshold"]);
        Assert.Matches("^service.instance.id=experience-[0-9a-f]{8}$", environment["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.False(environment.ContainsKey(DistributedApplicationOptions.DashboardTokenVariable), "the dashboard token reached a project");
        Assert.Matches(@"^eyJ[\w-]+\.[\w-]+\.[\w-]+$", environment["Platform__ServiceToken"]);
        string[] injectedPrefixes = ["ConnectionStrings__", "services__", "OTEL_", "Kestrel__", "Authentication__", "Platform__"];
        var injected = environment.Keys.Where(k => injectedPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).Order();
        Assert.Equal(expected.Keys.Append("OTEL_RESOURCE_ATTRIBUTES").Append("Platform__ServiceToken").Where(k => injectedPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).Order(), injected);
        Assert.Matches("^127.0.0.1:[0-9]+,password=[0-9a-f]{48}$", environment["ConnectionStrings__redis"]);
        Assert.Matches("^amqp://guest:[0-9a-f]{48}@127.0.0.1:[0-9]+$", environment["ConnectionStrings__rabbitmq"]);
        Assert.Matches("^Host=127.0.0.1;Port=[0-9]+;Username=postgres;Password=[0-9a-f]{48};Database=experiencedb$", environment["ConnectionStrings__experiencedb"]);
    }

    [Fact]
    public void WaitFor_starts_a_project_only_after_its_dependencies_are_healthy()
    {
        var timeline = fixture.Timeline;
        foreach (var project in new[] { "partner", "experience", "community", "reporting" })
        {
            var starting = timeline.FindIndex(s => s.Name == project && s.State == ResourceState.Starting);
            Assert.True(starting > 0, $"{project} never started");
            var dependencies = ((ProjectResource)App.GetResource(project)).WaitsFor.Select(d => d.Name).ToList();
            Assert.Contains("redis", dependencies);
            Assert.Contains("rabbitmq", dependencies);
            foreach (var dependency in dependencies)
            {
                var healthy = timeline.FindIndex(s => s.Name == dependency && s.IsHealthy);
                Assert.True(healthy >= 0 && healthy < starting, $"{project} started before {dependency} was healthy");
            }
        }

        // The projects waited: each was Waiting before it was Starting.
        Assert.Contains(timeline, s => s.Name == "partner" && s.State == ResourceState.Waiting);
    }

    [Fact]
    public async Task A_killed_project_is_restarted_and_the_restart_is_counted()
    {
        var before = await App.WaitForResourceHealthyAsync("community", Timeout());
        var pid = Assert.Single(before.ProcessIds);

        System.Diagnostics.Process.GetProcessById(pid).Kill();

        var after = await App.WaitForResourceAsync("community", s => s.IsHealthy && s.RestartCount == before.RestartCount + 1, Timeout());
        Assert.NotEqual(pid, Assert.Single(after.ProcessIds));
        Assert.False(TestProcesses.IsAlive(pid));
        using var client = App.CreateHttpClient("community");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_gRPC_channel_by_resource_name_reaches_the_project_over_cleartext_HTTP2()
    {
        await App.WaitForResourceHealthyAsync("partner", Timeout());
        using var channel = App.CreateGrpcChannel("partner");

        await channel.ConnectAsync(Timeout());

        Assert.Equal(Grpc.Core.ConnectivityState.Ready, channel.State);
    }

    [Fact]
    public async Task The_resource_API_refuses_calls_without_the_token()
    {
        using var anonymous = new HttpClient { BaseAddress = App.DashboardUrl };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/resources", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        using var wrong = new HttpClient { BaseAddress = App.DashboardUrl };
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("/api/resources", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("/login?t=not-the-token", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task The_resource_API_lists_each_resource_with_state_health_endpoints_and_references()
    {
        await App.WaitForResourceHealthyAsync("reporting", Timeout());
        using var client = App.CreateDashboardClient();
        var resources = await client.GetFromJsonAsync<JsonElement>("/api/resources", TestContext.Current.CancellationToken);

        Assert.Equal(11, resources.GetArrayLength());
        var reporting = resources.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "reporting");
        Assert.Equal("Project", reporting.GetProperty("type").GetString());
        Assert.Equal("Running", reporting.GetProperty("state").GetString());
        Assert.Equal("Healthy", reporting.GetProperty("health").GetString());
        Assert.True(reporting.GetProperty("processIds")[0].GetInt32() > 0);
        Assert.True(reporting.TryGetProperty("startedAt", out _));
        Assert.Equal(0, reporting.GetProperty("restartCount").GetInt32());
        Assert.Contains("partner", reporting.GetProperty("references").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["http", "grpc"], reporting.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.StartsWith("GET /health", reporting.GetProperty("healthReports")[0].GetProperty("name").GetString(), StringComparison.Ordinal);

        var seed = Assert.Single(reporting.GetProperty("commands").EnumerateArray());
        Assert.Equal("seed-demo", seed.GetProperty("name").GetString());
        Assert.Equal("Seed demo data", seed.GetProperty("displayName").GetString());
        Assert.Contains("Running it again adds nothing", seed.GetProperty("confirmationMessage").GetString(), StringComparison.Ordinal);

        var rabbitmq = resources.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "rabbitmq");
        Assert.Contains(rabbitmq.GetProperty("endpoints").EnumerateArray(), e => e.GetProperty("name").GetString() == "management");
    }

    [Fact]
    public async Task A_browser_signs_in_through_the_login_url_and_keeps_a_cookie()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new HttpClient(handler) { BaseAddress = App.DashboardUrl };

        var login = await browser.GetAsync(App.LoginUrl, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var page = await browser.GetAsync(new Uri("/api/resources/redis", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Restarting_a_resource_through_the_API_stops_and_starts_it()
    {
        var before = await App.WaitForResourceHealthyAsync("reporting", Timeout());
        using var client = App.CreateDashboardClient();
        var stopped = App.WaitForResourceAsync("reporting", s => s.State == ResourceState.Exited, Timeout());

        var response = await client.PostAsync(new Uri("/api/resources/reporting/restart", UriKind.Relative), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await stopped;
        var after = await App.WaitForResourceAsync("reporting", s => s.IsHealthy && s.ProcessIds.Count == 1 && s.ProcessIds[0] != before.ProcessIds[0], Timeout());
        Assert.False(TestProcesses.IsAlive(before.ProcessIds[0]));
        Assert.Equal(before.RestartCount, after.RestartCount);
    }

    [Fact]
    public async Task The_resource_API_answers_unknown_names_and_commands_clearly()
    {
        using var client = App.CreateDashboardClient();
        var unknown = await client.PostAsync(new Uri("/api/resources/nope/restart", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no resource named 'nope'", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var badCommand = await client.PostAsync(new Uri("/api/resources/redis/explode", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badCommand.StatusCode);
        Assert.Contains("POST /api/resources/redis/commands/explode", await badCommand.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}

internal static class TestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
