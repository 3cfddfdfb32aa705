using System.Net;
using Google.Protobuf;
using Platform.Hosting.Testing;

namespace Platform.Dashboard.Tests;

/// <summary>Each of the AppHost's two ports serves only its own endpoints, whatever Host header a caller writes.</summary>
public sealed class PortSeparationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_OTLP_port_answers_only_OTLP_and_the_dashboard_port_only_the_dashboard()
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        await app.StartAsync(Cancel);
        using var otlp = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://localhost:{app.Options.OtlpPort}") };
        using var dashboard = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.DashboardUrl };
        var login = new Uri("/login?t=" + Uri.EscapeDataString(app.Options.DashboardToken), UriKind.Relative);

        Assert.Equal(HttpStatusCode.NotFound, (await otlp.GetAsync(login, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otlp.GetAsync(new Uri("/assets/dashboard.css", UriKind.Relative), Cancel)).StatusCode);
        using var claimingDashboard = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        claimingDashboard.Headers.Host = $"localhost:{app.Options.DashboardPort}";
        claimingDashboard.Headers.Authorization = new("Bearer", app.Options.DashboardToken);
        Assert.Equal(HttpStatusCode.NotFound, (await otlp.SendAsync(claimingDashboard, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otlp.SendAsync(OtlpPost.Request("/v1/logs", OtlpExports.NamelessLogs("port test").ToByteArray(), app.Options.OtlpApiKey), Cancel)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await dashboard.GetAsync(login, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.SendAsync(OtlpPost.Request("/v1/logs", OtlpExports.NamelessLogs("port test").ToByteArray(), app.Options.OtlpApiKey), Cancel)).StatusCode);
    }
}
