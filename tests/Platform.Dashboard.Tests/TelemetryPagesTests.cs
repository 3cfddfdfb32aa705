using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.Playwright;
using Platform.Contracts.Experience.V1;
using Platform.Hosting;
using Platform.Hosting.Telemetry;
using Platform.Hosting.Testing;
using static Microsoft.Playwright.Assertions;
using PartnerV1 = Platform.Contracts.Partner.V1;

namespace Platform.Dashboard.Tests;

/// <summary>The telemetry pages (traces, metrics, structured logs, console) as an operator uses them, in headless Chromium.</summary>
[Collection(DashboardServers.Name)]
public sealed class TelemetryPagesTests(DashboardFixture fixture)
{
    private DistributedApplication App => fixture.App;

    [Fact]
    public async Task A_trace_across_two_services_opens_as_a_waterfall()
    {
        // Experience asks Partner about the host before it creates an experience: one trace, two services.
        var experiences = new ExperienceService.ExperienceServiceClient(fixture.Invoker("experience", "experience.read", "experience.write"));
        var unknownHost = Guid.NewGuid().ToString();
        var refused = await Assert.ThrowsAsync<RpcException>(() => experiences.CreateExperienceAsync(
            new CreateExperienceRequest { FormatId = "6d6f7669-6574-4000-8000-000000000001", Title = "Traced", HostPartnerIds = { unknownHost }, Location = "Utrecht", Capacity = 10 },
            cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        var traceId = await Poll.UntilAsync(
            () => App.Traces.Summaries().FirstOrDefault(t => t.Name.Contains("CreateExperience", StringComparison.Ordinal) && t.Services.Contains("partner"))?.TraceId,
            "the CreateExperience trace to reach the receiver");

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/traces?service=partner&text=CreateExperience");
        await page.Locator($"tr[data-trace='{traceId}'] a").ClickAsync();

        await Expect(page.Locator("#trace-id")).ToHaveTextAsync(traceId);
        await Expect(page.Locator(".wf-row[data-service='experience']").First).ToBeVisibleAsync();
        await Expect(page.Locator(".wf-row[data-service='partner']").First).ToBeVisibleAsync();
        await page.Locator(".wf-row[data-service='partner']").Filter(new() { HasText = "GetOrganization" }).First.ClickAsync();
        await Expect(page.Locator("#span")).ToContainTextAsync("partner");
        await Expect(page.Locator("#span")).ToContainTextAsync("Attributes");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_trace_through_the_outbox_and_RabbitMQ_opens_as_one_waterfall()
    {
        // Partner commits the organization with its OrganizationRegistered in the outbox; the relay
        // publishes it to RabbitMQ; Reporting's batch consumer takes it in. One trace, two services.
        Assert.Equal("Development", App.Options.EnvironmentName); // every trace kept (docs/dashboard.md)
        var partners = new PartnerV1.PartnerService.PartnerServiceClient(fixture.Invoker("partner", "partner.read", "partner.write"));
        await partners.RegisterOrganizationAsync(
            new PartnerV1.RegisterOrganizationRequest { Name = "Traced " + Guid.NewGuid().ToString("N")[..8], Sector = PartnerV1.Sector.Business },
            cancellationToken: TestContext.Current.CancellationToken);
        var trace = await Poll.UntilAsync(
            () => App.Traces.Summaries().FirstOrDefault(t => t.Name.Contains("RegisterOrganization", StringComparison.Ordinal) && t.Services.Contains("reporting")) is { } t
                && App.Traces.GetTrace(t.TraceId) is var spans && IsWhole(spans) ? spans : null,
            "every span of the RegisterOrganization trace, from Partner's request to Reporting's writes");
        var server = Assert.Single(trace, s => s.Service == "partner" && s.Kind == "Server" && s.ParentSpanId is null);
        var publish = Assert.Single(trace, s => s.Name == "outbox publish OrganizationRegistered");
        var send = Assert.Single(trace, s => s.Kind == "Producer" && s.Name.EndsWith(":OrganizationRegistered send", StringComparison.Ordinal));
        var receive = Assert.Single(trace, s => s.Service == "reporting" && s.Name == "reporting-organization-registered receive");
        Assert.Equal(("partner", server.SpanId), (publish.Service, publish.ParentSpanId));
        Assert.Equal(("partner", publish.SpanId), (send.Service, send.ParentSpanId));
        Assert.Equal(send.SpanId, receive.ParentSpanId);
        Assert.Contains(trace, s => s.Service == "reporting" && s.Kind == "Client" && s.Scope == "Npgsql"); // the projection's writes

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/traces?service=reporting&text=RegisterOrganization");
        await page.Locator($"tr[data-trace='{server.TraceId}'] a").ClickAsync();

        await Expect(page.Locator("#summary")).ToContainTextAsync("2 resources (partner, reporting)");
        await Expect(page.Locator($".wf-row[data-span='{server.SpanId}']")).ToHaveAttributeAsync("data-depth", "0");
        await Expect(page.Locator($".wf-row[data-span='{publish.SpanId}']")).ToHaveAttributeAsync("data-parent", server.SpanId);
        await Expect(page.Locator($".wf-row[data-span='{send.SpanId}']")).ToHaveAttributeAsync("data-parent", publish.SpanId);
        var consumer = page.Locator($".wf-row[data-span='{receive.SpanId}']");
        await Expect(consumer).ToHaveAttributeAsync("data-parent", send.SpanId);
        await Expect(consumer).ToHaveAttributeAsync("data-depth", "3");
        await Expect(consumer).ToHaveAttributeAsync("data-service", "reporting");
        var order = await page.Locator(".wf-row").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.span)");
        Assert.True(Array.IndexOf(order, send.SpanId) < Array.IndexOf(order, receive.SpanId), "the consumer is drawn under the send that carried its message");
        Assert.True(order.Count(id => trace.Any(s => s.SpanId == id && s.Service == "reporting")) > 1, "the consumer's own spans are drawn too");

        await consumer.ClickAsync();
        await Expect(page.Locator("#span h2")).ToHaveTextAsync("reporting: reporting-organization-registered receive");
        await Expect(page.Locator("#span")).ToContainTextAsync(send.SpanId);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_metric_chart_narrows_to_the_route_chosen_in_its_attribute_select()
    {
        const string Route = "/platform.partner.v1.PartnerService/ListOrganizations";
        var filter = MetricAttributeFilter.Of(KeyValuePair.Create("http.route", Route));
        long Count(MetricAttributeFilter? only) => App.Telemetry.Metrics.Window("partner", "http.server.request.duration", TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow, only)?.Count ?? 0;
        var before = Count(filter);
        var partners = new PartnerV1.PartnerService.PartnerServiceClient(fixture.Invoker("partner", "partner.read"));
        for (var i = 0; i < 3; i++)
        {
            await partners.ListOrganizationsAsync(new PartnerV1.ListOrganizationsRequest { PageSize = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        }

        await Poll.UntilAsync(() => Count(filter) >= before + 3 ? Route : null, "the three ListOrganizations requests in the route's series");

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/metrics?service=partner&name=http.server.request.duration");
        await Expect(page.Locator("#chart h2")).ToHaveTextAsync("http.server.request.duration");
        await page.Locator("select[data-key='http.route']").SelectOptionAsync(Route);

        await Expect(page.Locator("#filtered")).ToHaveTextAsync("Only http.route=" + Route);
        await Expect(page.Locator("#count")).ToHaveTextAsync(Count(filter).ToString(System.Globalization.CultureInfo.InvariantCulture), BrowserTests.Patiently);
        Assert.True(Count(null) > Count(filter), "the chart without the filter counts other routes too");
        Assert.Contains("attribute=http.route", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_metric_chart_of_values_below_zero_draws_them_inside_the_chart()
    {
        // A gauge below zero (a temperature, a balance, a clock offset), on a resource that sends no metrics of its own.
        var name = "test.offset." + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        foreach (var (ago, value) in new[] { (40, -20.0), (20, -5.0) })
        {
            var export = OtlpExports.Export(OtlpExports.Gauge(name, now.AddSeconds(-ago), value), service: "redis");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await OtlpPost.SendAsync(App, "/v1/metrics", export)).StatusCode);
        }

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/metrics?service=redis&name={name}");
        await Expect(page.Locator("#chart h2")).ToHaveTextAsync(name);

        var height = double.Parse(await page.Locator("#chart svg").GetAttributeAsync("height") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var points = (await page.Locator("#chart polyline").First.GetAttributeAsync("points") ?? string.Empty)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.NotEmpty(points);
        Assert.All(points, y => Assert.InRange(y, 0, height));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_metric_chart_narrows_to_an_attribute_value_with_spaces_a_browser_would_collapse()
    {
        // A value with leading, doubled and trailing spaces, beside one with the spaces collapsed.
        const string Padded = " sensor  a ";
        var name = "test.reading." + Guid.NewGuid().ToString("N")[..8];
        foreach (var (where, value) in new[] { (Padded, 7.0), ("sensor a", 3.0) })
        {
            var gauge = OtlpExports.Gauge(name, DateTimeOffset.UtcNow.AddSeconds(-5), value);
            gauge.Gauge.DataPoints[0].Attributes.Add(OtlpExports.Text("where", where));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await OtlpPost.SendAsync(App, "/v1/metrics", OtlpExports.Export(gauge, service: "redis"))).StatusCode);
        }

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/metrics?service=redis&name={name}");
        await Expect(page.Locator("#chart h2")).ToHaveTextAsync(name);
        var select = page.Locator("select[data-key='where']");
        var index = await select.Locator("option").EvaluateAllAsync<int>("(options, padded) => options.findIndex(o => o.textContent === padded)", Padded);
        await select.SelectOptionAsync(new SelectOptionValue { Index = index });

        // The chart's scale tops at the chosen series' value, not the collapsed one's (3).
        await Expect(page.Locator("#filtered")).ToBeVisibleAsync();
        await Expect(page.Locator("#chart svg text").First).ToHaveTextAsync("7.00");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_shared_structured_logs_url_shows_the_same_records_and_keeps_its_trace()
    {
        // Records 0.3 s into a whole second, 5 s before it and at the next second; the operator 5:30 ahead of UTC.
        // (Seven seconds into a minute: a datetime-local input leaves out ":00" seconds.)
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var second = DateTimeOffset.FromUnixTimeSeconds(now - (now % 60) - 60 + 7);
        var text = "shared-view-" + Guid.NewGuid().ToString("N")[..8];
        var (inSecond, before) = (Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()));
        await ExportLogAsync(second.AddMilliseconds(300), text + " in the second", inSecond);
        await ExportLogAsync(second.AddSeconds(-5), text + " before it", before);
        await ExportLogAsync(second.AddSeconds(1), text + " the next second", inSecond);
        var page = await fixture.SignedInPageAsync("Asia/Kolkata");
        var at = Uri.EscapeDataString(second.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));

        // From = To = that second, as the page writes them into the URL it shares.
        await page.GotoAsync($"/structured?text={text}&from={at}&to={at}");

        var shownAs = second.ToOffset(TimeSpan.FromHours(5.5)).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator("input[name=from]")).ToHaveValueAsync(shownAs);
        await Expect(page.Locator("input[name=to]")).ToHaveValueAsync(shownAs);
        await Expect(page.Locator("#logs tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#logs tbody")).ToContainTextAsync(text + " in the second");

        // The logs of one trace (a span's "Logs of this trace"), searched again: the trace stays in the URL.
        await page.GotoAsync($"/structured?traceId={before}");
        await page.Locator("input[name=text]").FillAsync(text);
        await page.Locator("#query button[type=submit]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"traceId={before}"));
        await Expect(page.Locator("#logs tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#logs tbody")).ToContainTextAsync(text + " before it");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_structured_logs_url_with_a_level_in_lower_case_selects_that_level_and_shows_only_its_records()
    {
        var text = "level-url-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var (severity, message) in new[] { (9, text + " information"), (13, text + " warning") })
        {
            var export = OtlpExports.Log(message);
            var record = export.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
            record.TimeUnixNano = OtlpExports.Nanos(DateTimeOffset.UtcNow);
            record.SeverityNumber = severity;
            Assert.Equal(System.Net.HttpStatusCode.OK, (await OtlpPost.SendAsync(App, "/v1/logs", export)).StatusCode);
        }

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/structured?level=warning&text={text}");

        await Expect(page.Locator("select[name=level]")).ToHaveValueAsync("Warning");
        await Expect(page.Locator("#logs tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#logs tbody")).ToContainTextAsync(text + " warning");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Console_lines_held_while_paused_stay_bounded_and_the_newest_show_on_resume()
    {
        // More lines than a browser takes as one call's arguments (about 125,000 in Chromium).
        const int Lines = 150_000, Chunk = 5_000;
        var page = await fixture.SignedInPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync("/console");
        await Expect(page.Locator("#log div").First).ToBeVisibleAsync(); // following
        await page.Locator("#pause").ClickAsync();

        for (var sent = 0; sent < Lines; sent += Chunk)
        {
            // A chunk at a time, each taken in before the next: the stream keeps 10,000 a viewer.
            for (var i = sent; i < sent + Chunk; i++)
            {
                App.ResourceLogs.Write("console-probe", $"probe line {i}");
            }

            var expected = sent + Chunk;
            await Poll.UntilAsync(async () => await ArrivedWhilePausedAsync(page) >= expected ? "taken in" : null, $"the page to take in {expected} lines");
        }

        var held = await page.Locator("#paused").TextContentAsync();
        await page.Locator("#pause").ClickAsync();

        await Expect(page.Locator("#log div").Last).ToContainTextAsync($"probe line {Lines - 1}");
        Assert.Empty(errors);
        Assert.Equal(5000, await page.Locator("#log div").CountAsync());
        Assert.Matches(@"^5000 new lines held, \d+ older ones dropped$", held);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_trace_of_150000_spans_opens()
    {
        const int Spans = 150_000;
        await using var app = DistributedApplicationTestingBuilder.Create(o => o.Telemetry.MaxSpans = Spans).Build();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        Assert.Equal(System.Net.HttpStatusCode.OK, (await OtlpPost.SendAsync(app, "/v1/traces", OtlpExports.Trace(traceId, Spans))).StatusCode);

        var page = await (await fixture.NewBrowserContextAsync()).NewPageAsync();
        await page.GotoAsync(app.LoginUrl.ToString());
        await page.GotoAsync(new Uri(app.DashboardUrl, $"/traces/{traceId}").ToString());

        await Expect(page.Locator("#summary")).ToContainTextAsync($"{Spans} spans");
        await Expect(page.Locator(".wf-row").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private async Task ExportLogAsync(DateTimeOffset time, string message, string traceId)
    {
        var export = OtlpExports.Log(message);
        var record = export.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        record.TimeUnixNano = (ulong)(time.ToUnixTimeMilliseconds() * 1_000_000);
        record.TraceId = Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString(traceId));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await OtlpPost.SendAsync(App, "/v1/logs", export)).StatusCode);
    }

    /// <summary>How many lines the console page took in since it was paused (held, and dropped when there are too many).</summary>
    private static async Task<int> ArrivedWhilePausedAsync(IPage page)
    {
        var match = Regex.Match(await page.Locator("#paused").TextContentAsync() ?? string.Empty, @"^(\d+) new lines held(?:, (\d+) older ones dropped)?$");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + (match.Groups[2].Success ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0) : 0;
    }

    /// <summary>The services export their spans in batches of their own: wait for each part of the trace.</summary>
    private static bool IsWhole(IReadOnlyList<SpanRecord> spans) =>
        spans.Any(s => s.Kind == "Server" && s.ParentSpanId is null)
        && spans.Any(s => s.Name == "outbox publish OrganizationRegistered")
        && spans.Any(s => s.Kind == "Producer")
        && spans.Any(s => s.Name == "reporting-organization-registered receive")
        && spans.Any(s => s.Service == "reporting" && s.Scope == "Npgsql");
}
