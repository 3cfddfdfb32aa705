using Platform.Demo;
using Platform.Hosting;

namespace Platform.AppHost;

/// <summary>
/// <c>--seed demo</c>: once every service is healthy, the demo journey is seeded through the
/// services' public gRPC APIs with an operator token from the engine, while the platform runs on.
/// Seeding again (another start with the option) finds what is there and adds nothing.
/// </summary>
internal static class DemoSeedOption
{
    private const string Option = "--seed";

    /// <summary>False (with the cause printed) when <c>--seed</c> names anything but <c>demo</c>.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out bool seedDemo)
    {
        var at = args.ToList().IndexOf(Option);
        seedDemo = at >= 0 && at + 1 < args.Count && args[at + 1] == "demo";
        if (at >= 0 && !seedDemo)
        {
            Console.Error.WriteLine($"{Option}: the data set to seed is missing or unknown; the one there is: {Option} demo");
            return false;
        }

        return true;
    }

    /// <summary>Seeds in the background once the platform is healthy; a failure is printed, the platform keeps running.</summary>
    public static void SeedWhenHealthy(DistributedApplication app) => _ = Task.Run(async () =>
    {
        try
        {
            var projects = app.Resources.OfType<ProjectResource>().Select(p => p.Name).ToList();
            foreach (var project in projects)
            {
                await app.ResourceNotifications.WaitForAsync(project, s => s.IsHealthy);
            }

            using var clients = new DemoClients(Grpc(app, "partner"), Grpc(app, "experience"), Grpc(app, "community"), app.Tokens.CreateOperatorToken());
            await new DemoSeeder(clients, DemoScale.Issue, TimeProvider.System, Console.Out).SeedAsync();
            Console.WriteLine("Demo: open the dashboard (login URL above) and ask Reporting for the figures, see README \"The demo\".");
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"Demo: seeding stopped: {ex.Message}");
        }
    });

    private static Uri Grpc(DistributedApplication app, string service) =>
        new(((Resource)app.GetResource(service)).GetEndpoint("grpc").Url);
}
