using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Playwright;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Dashboard.Tests;

/// <summary>The AppHost's whole app model on real servers, and one headless Chromium (the OS package) for the browser tests.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _browserGate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // The smaller demo, so seeding it from the page takes about a minute.
        App = DistributedApplicationTestingBuilder.CreateFromAppHost<Program>(["--demo-scale", "small"]).Build();
        await App.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A fresh browser context (no cookies) on the system Chromium, installed with apt-get as the engine installs its servers when it is missing.</summary>
    public async Task<IBrowserContext> NewBrowserContextAsync(string? timezoneId = null)
    {
        await _browserGate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_browser is null)
            {
                var chromium = await OsPackages.LocateAsync("chromium", "chromium", TestContext.Current.CancellationToken);
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
            }
        }
        finally
        {
            _browserGate.Release();
        }

        var context = await _browser.NewContextAsync(new() { BaseURL = App.DashboardUrl.ToString(), TimezoneId = timezoneId });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    /// <summary>A page signed in through the login URL the AppHost prints (in the machine's time zone unless one is given).</summary>
    public async Task<IPage> SignedInPageAsync(string? timezoneId = null)
    {
        var context = await NewBrowserContextAsync(timezoneId);
        var page = await context.NewPageAsync();
        await page.GotoAsync(App.LoginUrl.ToString());
        return page;
    }

    /// <summary>A gRPC invoker on a service carrying a token with <paramref name="scopes"/>.</summary>
    public CallInvoker Invoker(string service, params string[] scopes)
    {
        var token = App.Tokens.Create("dashboard-test", scopes, TimeSpan.FromHours(1));
        return App.CreateGrpcChannel(service).CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("Authorization", "Bearer " + token);
            return metadata;
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        _browserGate.Dispose();
    }
}

/// <summary>One app model and one browser for every test class of the dashboard: they start once.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardServers : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
