using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Platform.Contracts.Common.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.ServiceDefaults.Tests;

/// <summary>The four services as the AppHost runs them: secured, healthy, observable.</summary>
public sealed class FoundationTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly string[] Services = ["partner", "experience", "community", "reporting"];

    private DistributedApplication App => fixture.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_service_answers_GetServiceInfo_for_an_operator_with_its_name_instance_and_schema()
    {
        var token = App.Tokens.CreateOperatorToken();
        foreach (var service in Services)
        {
            var info = await GetServiceInfoAsync(service, token);

            Assert.Equal(service, info.Service);
            Assert.StartsWith(service + "-", info.InstanceId, StringComparison.Ordinal);
            Assert.Equal(LatestCommittedMigration(service), info.SchemaVersion);
            Assert.Equal("Development", info.Environment);
        }
    }

    /// <summary>The newest migration file committed in the service's Data/Migrations folder.</summary>
    private static string LatestCommittedMigration(string service)
    {
        var name = char.ToUpperInvariant(service[0]) + service[1..];
        return Directory.GetFiles(Path.Combine(Repository.Root, "services", name, "Platform." + name, "Data", "Migrations"), "*_*.cs")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(f => !f!.EndsWith(".Designer", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Last()!;
    }

    [Fact]
    public async Task A_call_without_a_token_is_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => GetServiceInfoAsync("partner", token: null));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("This call needs a bearer token (Authorization: Bearer <token>).", error.Status.Detail);
    }

    [Fact]
    public async Task Server_reflection_lists_the_services_methods_only_to_a_caller_with_a_token()
    {
        using var channel = App.CreateGrpcChannel("partner");
        var reflection = new global::Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel);
        async Task<IReadOnlyList<string>> ListServicesAsync(string token)
        {
            using var call = reflection.ServerReflectionInfo(new Metadata { { "Authorization", "Bearer " + token } }, cancellationToken: Cancel);
            await call.RequestStream.WriteAsync(new global::Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = string.Empty }, Cancel);
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext(Cancel));
            return call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        }

        // Refused as soon as the call starts, before any request is read: the answer says why. (A request
        // written meanwhile can fail to be sent with Cancelled, its stream already closed by the answer.)
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = reflection.ServerReflectionInfo(cancellationToken: Cancel);
            await call.ResponseStream.MoveNext(Cancel);
        });

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("platform.partner.v1.PartnerService", await ListServicesAsync(App.Tokens.CreateOperatorToken(["partner.read"])));
    }

    [Fact]
    public async Task A_token_that_is_not_valid_is_Unauthenticated_with_the_reason()
    {
        var token = App.Tokens.Create("tester", ["partner.read"], TimeSpan.FromMinutes(5));
        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        var error = await Assert.ThrowsAsync<RpcException>(() => GetServiceInfoAsync("partner", tampered));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith("The bearer token was refused: The signature", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_the_methods_message_is_InvalidArgument_on_a_real_service()
    {
        var bytes = Marshallers.Create((byte[] b) => b, b => b);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "platform.partner.v1.PartnerService", "GetOrganization", bytes, bytes);
        using var channel = App.CreateGrpcChannel("partner");
        var headers = new Metadata { { "Authorization", "Bearer " + App.Tokens.CreateOperatorToken(["partner.read"]) } };

        // Field 1 (the id) says 100 bytes follow, and one does: a truncated message.
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(headers, cancellationToken: Cancel), [0x0A, 0x64, 0x4A]).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("The request body is not a valid platform.partner.v1.GetOrganizationRequest: While parsing a protocol message, the input ended unexpectedly", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_operator_token_holds_every_scope_the_services_check()
    {
        var token = new System.IdentityModel.Tokens.Jwt.JwtSecurityToken(App.Tokens.CreateOperatorToken());

        var held = token.Claims.Where(c => c.Type == "scope").SelectMany(c => c.Value.Split(' ')).Order(StringComparer.Ordinal);

        Assert.Equal(Security.Scopes.All.Order(StringComparer.Ordinal), held);
    }

    [Fact]
    public async Task Two_operator_tokens_are_two_callers_so_one_cannot_receive_the_others_reply_to_a_request_id()
    {
        using var channel = App.CreateGrpcChannel("partner");
        var partner = new Contracts.Partner.V1.PartnerService.PartnerServiceClient(channel);
        var requestId = "shared-" + Guid.NewGuid().ToString("N");

        async Task<Contracts.Partner.V1.Organization> RegisterAsync(string name) =>
            await partner.RegisterOrganizationAsync(
                new Contracts.Partner.V1.RegisterOrganizationRequest { RequestId = requestId, Name = name, Sector = Contracts.Partner.V1.Sector.Government, Region = "Utrecht" },
                new Metadata { { "Authorization", "Bearer " + App.Tokens.CreateOperatorToken() } },
                cancellationToken: Cancel);

        var first = await RegisterAsync("Gemeente Eerste " + requestId);
        var second = await RegisterAsync("Gemeente Tweede " + requestId);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("Gemeente Tweede " + requestId, second.Name);
    }

    [Fact]
    public async Task A_caller_whose_subject_holds_a_slash_cannot_receive_another_callers_reply_to_a_request_id()
    {
        using var channel = App.CreateGrpcChannel("partner");
        var partner = new Contracts.Partner.V1.PartnerService.PartnerServiceClient(channel);
        var caller = "tester-" + Guid.NewGuid().ToString("N");

        // "<caller>/b" asking "c" and "<caller>" asking "b/c": joined with a slash, both were "<caller>/b/c".
        async Task<Contracts.Partner.V1.Organization> RegisterAsync(string subject, string requestId, string name) =>
            await partner.RegisterOrganizationAsync(
                new Contracts.Partner.V1.RegisterOrganizationRequest { RequestId = requestId, Name = name, Sector = Contracts.Partner.V1.Sector.Government, Region = "Utrecht" },
                new Metadata { { "Authorization", "Bearer " + App.Tokens.Create(subject, ["partner.write"], TimeSpan.FromMinutes(5)) } },
                cancellationToken: Cancel);

        var first = await RegisterAsync(caller + "/b", "c", "Gemeente Eerste " + caller);
        var second = await RegisterAsync(caller, "b/c", "Gemeente Tweede " + caller);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("Gemeente Tweede " + caller, second.Name);
    }

    [Fact]
    public async Task A_caller_whose_subject_holds_many_slashes_still_has_its_request_ids_remembered()
    {
        using var channel = App.CreateGrpcChannel("partner");
        var partner = new Contracts.Partner.V1.PartnerService.PartnerServiceClient(channel);

        // 139 characters, within what histories keep (200); each "/" is three once encoded, and with a
        // request id of 100 the key is longer than the column (400).
        var subject = "tester-" + Guid.NewGuid().ToString("N") + new string('/', 100);
        var requestId = new string('r', 100);
        var headers = new Metadata { { "Authorization", "Bearer " + App.Tokens.Create(subject, ["partner.write"], TimeSpan.FromMinutes(5)) } };
        var request = new Contracts.Partner.V1.RegisterOrganizationRequest { RequestId = requestId, Name = "Gemeente " + Guid.NewGuid().ToString("N"), Sector = Contracts.Partner.V1.Sector.Government, Region = "Utrecht" };

        var first = await partner.RegisterOrganizationAsync(request, headers, cancellationToken: Cancel);
        var retry = await partner.RegisterOrganizationAsync(request, headers, cancellationToken: Cancel);

        Assert.Equal(first.Id, retry.Id);
    }

    [Fact]
    public async Task Tokens_that_name_no_caller_are_refused_instead_of_sharing_one_callers_request_ids()
    {
        using var channel = App.CreateGrpcChannel("partner");
        var partner = new Contracts.Partner.V1.PartnerService.PartnerServiceClient(channel);
        var requestId = "unnamed-" + Guid.NewGuid().ToString("N");

        // Served as "anonymous", the second token received the first one's organization.
        async Task<Contracts.Partner.V1.Organization> RegisterAsync(string name) =>
            await partner.RegisterOrganizationAsync(
                new Contracts.Partner.V1.RegisterOrganizationRequest { RequestId = requestId, Name = name, Sector = Contracts.Partner.V1.Sector.Government, Region = "Utrecht" },
                new Metadata { { "Authorization", "Bearer " + TokensWithoutCaller.Create(App.Tokens, "partner.write") } },
                cancellationToken: Cancel);

        var first = await Assert.ThrowsAsync<RpcException>(() => RegisterAsync("Gemeente Eerste " + requestId));
        var second = await Assert.ThrowsAsync<RpcException>(() => RegisterAsync("Gemeente Tweede " + requestId));

        Assert.Equal((StatusCode.PermissionDenied, "The token names no caller: it has no sub claim."), (first.StatusCode, first.Status.Detail));
        Assert.Equal(StatusCode.PermissionDenied, second.StatusCode);
    }

    [Fact]
    public async Task A_caller_longer_than_histories_keep_is_refused_instead_of_failing_Internal_on_a_recorded_change()
    {
        using var channel = App.CreateGrpcChannel("partner");
        var partner = new Contracts.Partner.V1.PartnerService.PartnerServiceClient(channel);
        var organization = await partner.RegisterOrganizationAsync(
            new Contracts.Partner.V1.RegisterOrganizationRequest { Name = "Gemeente " + Guid.NewGuid().ToString("N"), Sector = Contracts.Partner.V1.Sector.Government, Region = "Utrecht" },
            new Metadata { { "Authorization", "Bearer " + App.Tokens.CreateOperatorToken() } },
            cancellationToken: Cancel);

        // OpenID Connect allows a subject of 255 characters; the stage history keeps 200.
        var subject = "tester-" + new string('x', 248);
        var error = await Assert.ThrowsAsync<RpcException>(() => partner.ChangeStageAsync(
            new Contracts.Partner.V1.ChangeStageRequest { Id = organization.Id, ToStage = Contracts.Partner.V1.Stage.Contacted },
            new Metadata { { "Authorization", "Bearer " + App.Tokens.Create(subject, ["partner.write"], TimeSpan.FromMinutes(5)) } },
            cancellationToken: Cancel).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, "The token's caller (its sub claim) is 255 characters long; a caller is at most 200."), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task The_resource_API_issues_an_operator_token_for_a_named_caller_with_the_scopes_asked_for()
    {
        using var dashboard = App.CreateDashboardClient();

        var issued = await dashboard.PostAsJsonAsync(new Uri("/api/tokens", UriKind.Relative), new { scopes = (string[])["partner.read"], lifetimeHours = 2, caller = "crm-sync" }, Cancel);
        var refused = await dashboard.PostAsJsonAsync(new Uri("/api/tokens", UriKind.Relative), new { caller = "CRM sync" }, Cancel);

        issued.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await issued.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("token").GetString()!;
        var claims = new System.IdentityModel.Tokens.Jwt.JwtSecurityToken(token).Claims.ToLookup(c => c.Type, c => c.Value);
        Assert.Equal("operator:crm-sync", Assert.Single(claims["sub"]));
        Assert.Equal("partner.read", Assert.Single(claims["scope"]));
        Assert.Equal("partner", (await GetServiceInfoAsync("partner", token)).Service);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("caller must be", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_service_is_PermissionDenied()
    {
        var experienceReader = App.Tokens.Create("tester", ["experience.read"], TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<RpcException>(() => GetServiceInfoAsync("partner", experienceReader));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("This call needs scope 'partner.read'; the token holds 'experience.read'.", error.Status.Detail);
        Assert.Equal("experience", (await GetServiceInfoAsync("experience", experienceReader)).Service);
    }

    [Fact]
    public async Task A_services_own_token_reaches_the_services_it_references_and_no_others()
    {
        var experience = await App.WaitForResourceHealthyAsync("experience", Cancel);
        var serviceToken = ReadEnvironment(experience.ProcessIds[0])["Platform__ServiceToken"];

        Assert.Equal("partner", (await GetServiceInfoAsync("partner", serviceToken)).Service);
        var error = await Assert.ThrowsAsync<RpcException>(() => GetServiceInfoAsync("community", serviceToken));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task Health_and_liveness_need_no_token_and_name_each_dependency()
    {
        await App.WaitForResourceHealthyAsync("partner", Cancel);
        using var http = App.CreateHttpClient("partner");
        var health = await http.GetAsync(new Uri("/health", UriKind.Relative), Cancel);
        var alive = await http.GetAsync(new Uri("/alive", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("partnerdb", checks);
        Assert.Contains("redis", checks);
        Assert.Contains("masstransit-bus", checks);

        using var channel = App.CreateGrpcChannel("partner");
        var grpcHealth = await new global::Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: Cancel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, grpcHealth.Status);
    }

    [Fact]
    public async Task Losing_Redis_makes_a_service_Unhealthy_without_crashing_and_its_return_makes_it_Healthy()
    {
        var before = await App.WaitForResourceHealthyAsync("community", Cancel);
        using var dashboard = App.CreateDashboardClient();
        using var http = App.CreateHttpClient("community");

        (await dashboard.PostAsync(new Uri("/api/resources/redis/stop", UriKind.Relative), null, Cancel)).EnsureSuccessStatusCode();
        var unhealthy = await PollHealthAsync(http, HttpStatusCode.ServiceUnavailable);
        (await dashboard.PostAsync(new Uri("/api/resources/redis/start", UriKind.Relative), null, Cancel)).EnsureSuccessStatusCode();
        var healthy = await PollHealthAsync(http, HttpStatusCode.OK);

        Assert.Contains("\"name\":\"redis\",\"status\":\"Unhealthy\"", unhealthy, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Healthy\"", healthy, StringComparison.Ordinal);
        var after = App.ResourceNotifications.Get("community");
        Assert.Equal(before.ProcessIds, after.ProcessIds);
        Assert.Equal(before.RestartCount, after.RestartCount);

        // Leave the platform as the other tests expect it: every service reconnected.
        foreach (var service in Services)
        {
            await App.WaitForResourceHealthyAsync(service, Cancel).WaitAsync(TimeSpan.FromSeconds(60), Cancel);
        }
    }

    [Fact]
    public async Task An_unhealthy_answer_names_the_dependency_but_not_its_address_or_the_clients_internals()
    {
        await App.WaitForResourceHealthyAsync("community", Cancel);
        using var http = App.CreateHttpClient("community");
        var redisAddress = App.GetConnectionString("redis").Split(',')[0];

        string unhealthy;
        using (App.Freeze("redis"))
        {
            unhealthy = await PollHealthAsync(http, HttpStatusCode.ServiceUnavailable);
        }

        Assert.Contains("\"name\":\"redis\",\"status\":\"Unhealthy\",\"description\":\"Redis does not answer.\"", unhealthy, StringComparison.Ordinal);
        Assert.DoesNotContain(redisAddress, unhealthy, StringComparison.Ordinal);
        Assert.DoesNotContain("Timeout", unhealthy, StringComparison.Ordinal);
        await App.WaitForResourceHealthyAsync("community", Cancel).WaitAsync(TimeSpan.FromSeconds(60), Cancel);
    }

    [Fact]
    public async Task A_gRPC_call_is_traced_to_the_OTLP_receiver_with_the_services_name()
    {
        await GetServiceInfoAsync("reporting", App.Tokens.CreateOperatorToken());

        var span = await PollAsync(() => App.Traces.Query("reporting").FirstOrDefault(s => s.Name.Contains("GetServiceInfo", StringComparison.Ordinal) && s.Kind == "Server"));

        Assert.Equal("reporting", span.Service);
        Assert.StartsWith("reporting-", span.InstanceId, StringComparison.Ordinal);
        Assert.Equal(32, span.TraceId.Length);
        Assert.DoesNotContain(App.Traces.Query("reporting"), s => s.Attributes.GetValueOrDefault("url.path") == "/health");
    }

    [Fact]
    public async Task An_idle_service_sends_no_traces_of_its_background_polls()
    {
        // Each service's outbox relay polls and reads its lag every second; Community looks for due
        // news and posts. Traced, each query would be a trace of its own: several a second,
        // burying the traces of real work.
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(4), Cancel);

        // The marker calls are timed by the clock the spans carry, read after the wait. Task.Delay
        // keeps a different clock (the monotonic tick count): looked for after `since` + 4 s, the
        // first call's span once had a start of that same millisecond and was missed.
        var calledFrom = DateTimeOffset.UtcNow;
        var token = App.Tokens.CreateOperatorToken();
        foreach (var service in Services)
        {
            // A call after the idle window, once its trace has arrived, shows the window was exported.
            await GetServiceInfoAsync(service, token);
            try
            {
                await PollAsync(() => App.Traces.Query(service).FirstOrDefault(s => s.Name.Contains("GetServiceInfo", StringComparison.Ordinal) && s.Start >= calledFrom));
            }
            catch (TimeoutException)
            {
                var newest = App.Traces.Query(limit: 5).Select(x => $"{x.Service} {x.Name} at {x.Start:HH:mm:ss.fffffff}");
                throw new TimeoutException($"No GetServiceInfo trace from {service} started from {calledFrom:HH:mm:ss.fffffff} on arrived within 30 s (now {DateTimeOffset.UtcNow:HH:mm:ss.fff}). Newest spans: {string.Join("; ", newest)}");
            }
        }

        var rootQueries = App.Traces.Query(limit: 100_000).Where(s => s.Start > since && s.Scope == "Npgsql" && s.ParentSpanId is null).ToList();

        Assert.Empty(rootQueries.Select(s => $"{s.Service}: {s.Name} {s.Attributes.GetValueOrDefault("db.query.text") ?? s.Attributes.GetValueOrDefault("db.statement")}"));
    }

    private async Task<GetServiceInfoResponse> GetServiceInfoAsync(string service, string? token)
    {
        using var channel = App.CreateGrpcChannel(service);
        var headers = token is null ? [] : new Metadata { { "Authorization", "Bearer " + token } };
        var request = new GetServiceInfoRequest();
        return service switch
        {
            "partner" => await new Contracts.Partner.V1.PartnerService.PartnerServiceClient(channel).GetServiceInfoAsync(request, headers, cancellationToken: Cancel),
            "experience" => await new Contracts.Experience.V1.ExperienceService.ExperienceServiceClient(channel).GetServiceInfoAsync(request, headers, cancellationToken: Cancel),
            "community" => await new Contracts.Community.V1.CommunityService.CommunityServiceClient(channel).GetServiceInfoAsync(request, headers, cancellationToken: Cancel),
            "reporting" => await new Contracts.Reporting.V1.ReportingService.ReportingServiceClient(channel).GetServiceInfoAsync(request, headers, cancellationToken: Cancel),
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a platform service"),
        };
    }

    private static async Task<string> PollHealthAsync(HttpClient http, HttpStatusCode wanted)
    {
        return await PollAsync(async () =>
        {
            var response = await http.GetAsync(new Uri("/health", UriKind.Relative), Cancel);
            return response.StatusCode == wanted ? await response.Content.ReadAsStringAsync(Cancel) : null;
        });
    }

    private static Task<T> PollAsync<T>(Func<T?> probe)
        where T : class => PollAsync(() => Task.FromResult(probe()));

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(200, Cancel);
        }

        throw new TimeoutException("The expected state was not reached within 30 s.");
    }

    private static Dictionary<string, string> ReadEnvironment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => v.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty);
}
