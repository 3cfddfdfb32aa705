using Grpc.Core;
using Grpc.Core.Interceptors;
using Platform.Contracts.Reporting.V1;
using Platform.Demo;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Demo.Tests;

/// <summary>
/// The whole app model (the four services with PostgreSQL, Redis and RabbitMQ), Reporting's calendar
/// stopped at <see cref="ReportingToday"/>, and the demo journey seeded once at <see cref="Scale"/>.
/// </summary>
public sealed class DemoFixture : IAsyncLifetime
{
    /// <summary>Reporting's today for a seed run now; see <see cref="ReportingTodayFor"/>.</summary>
    public static readonly DateOnly ReportingToday = ReportingTodayFor(DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>The months Reporting counts to the end of 2029 on <see cref="ReportingToday"/>, this month included: 6 on 2029-07-01.</summary>
    public static int MonthsRemaining => Math.Max(0, (2029 * 12) + 12 - ((ReportingToday.Year * 12) + ReportingToday.Month) + 1);

    /// <summary>
    /// Reporting's today for a seed run on <paramref name="seedDay"/>: 2029-07-01, so 6 months remain
    /// (July to December 2029), unless a deadline the seed sets (at most some months ahead of the seed
    /// day) falls on or after it; then the first day of the month after the last deadline. Either way
    /// every open action is overdue, whenever the tests run.
    /// </summary>
    public static DateOnly ReportingTodayFor(DateOnly seedDay)
    {
        var lastDeadline = seedDay.AddDays(DemoExperiences.Create(Scale, new DateTimeOffset(seedDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).SelectMany(p => p.Actions).Max(a => a.DueInDays));
        var afterLastDeadline = new DateOnly(lastDeadline.Year, lastDeadline.Month, 1).AddMonths(1);
        var july2029 = new DateOnly(2029, 7, 1);
        return afterLastDeadline > july2029 ? afterLastDeadline : july2029;
    }

    /// <summary>Smaller than the 300 and 200, the same journey and rules; the evening sessions end 40-100 s after the start.</summary>
    public static DemoScale Scale => DemoScale.Small;

    public DistributedApplication App { get; private set; } = null!;

    public DemoSeed Seed { get; private set; } = null!;

    public DemoClients Clients { get; private set; } = null!;

    public ReportingService.ReportingServiceClient Reporting { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        App = AppModel().Build();
        await App.StartAsync(cancel);
        foreach (var service in new[] { "partner", "experience", "community", "reporting" })
        {
            await App.WaitForResourceHealthyAsync(service, cancel).WaitAsync(TimeSpan.FromMinutes(2), cancel);
        }

        var token = App.Tokens.CreateOperatorToken();
        Clients = new DemoClients(App.GetEndpoint("partner", "grpc"), App.GetEndpoint("experience", "grpc"), App.GetEndpoint("community", "grpc"), token);
        Reporting = new ReportingService.ReportingServiceClient(App.CreateGrpcChannel("reporting").CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("Authorization", "Bearer " + token);
            return metadata;
        }));
        Seed = await SeedAsync();
    }

    public Task<DemoSeed> SeedAsync() =>
        new DemoSeeder(Clients, Scale, TimeProvider.System, TextWriter.Null).SeedAsync(TestContext.Current.CancellationToken);

    /// <summary>The AppHost's own model, with Reporting's calendar fixed (the AppHost itself passes no such setting).</summary>
    private static IDistributedApplicationBuilder AppModel() =>
        DistributedApplicationTestingBuilder.CreateFromAppHost<Program>()
            .WithEnvironment("reporting", "Platform__Calendar__FixedNow", ReportingToday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T10:00:00Z");

    public async ValueTask DisposeAsync()
    {
        Clients?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>One platform with the demo seeded, for every test class.</summary>
[CollectionDefinition(Name)]
public sealed class DemoPlatform : ICollectionFixture<DemoFixture>
{
    public const string Name = "demo";
}
