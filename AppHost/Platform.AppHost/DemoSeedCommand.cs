using System.Text;
using Platform.Demo;
using Platform.Hosting;

namespace Platform.AppHost;

/// <summary>
/// "Seed demo data" on the reporting resource, where an operator looks for the figures the demo
/// fills: the same seeder as <c>--seed demo</c>, through the services' public gRPC APIs with an
/// operator token, enabled once the four services are healthy. Idempotent, so running it again
/// adds nothing; the engine runs it once at a time. Progress goes to reporting's console logs and
/// to the AppHost's terminal.
/// </summary>
internal static class DemoSeedCommand
{
    public const string Name = "seed-demo";

    public const string Resource = "reporting";

    private static readonly string[] Services = ["partner", "experience", "community", "reporting"];

    public static IResourceBuilder<ProjectResource> WithDemoSeedCommand(this IResourceBuilder<ProjectResource> reporting, DemoScale scale) =>
        reporting.WithCommand(Name, "Seed demo data", context => SeedAsync(context, scale), new CommandOptions
        {
            Description = $"Adds the demo network, five experiences ({scale.ScreeningRegistrations} at the screening, {scale.WebinarRegistrations} at the LEF-talk) and the community through the public APIs. Running it again adds nothing.",
            ConfirmationMessage = "Add the demo data (partners, experiences, registrations, community) to this platform? Running it again adds nothing.",
            UpdateState = context => context.WhenHealthy(Services),
        });

    private static async Task<ExecuteCommandResult> SeedAsync(ExecuteCommandContext context, DemoScale scale)
    {
        var app = context.Application;
        using var clients = new DemoClients(Grpc(app, "partner"), Grpc(app, "experience"), Grpc(app, "community"), app.Tokens.CreateOperatorToken());
        using var log = new TerminalAndLogs(context.Log);
        var seed = await new DemoSeeder(clients, scale, TimeProvider.System, log).SeedAsync(context.CancellationToken);
        return CommandResults.Success($"{seed.Network.Organizations.Count} organizations and {seed.ExperienceIds.Count} experiences are in place; Reporting's figures follow within seconds.");
    }

    private static Uri Grpc(DistributedApplication app, string service) =>
        new(((Resource)app.GetResource(service)).GetEndpoint("grpc").Url);

    /// <summary>What the seeder writes, to the resource's console logs and to the AppHost's terminal (a line at a time, not a character).</summary>
    private sealed class TerminalAndLogs(TextWriter logs) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            logs.Write(value);
            Console.Out.Write(value);
        }

        public override void Write(string? value)
        {
            logs.Write(value);
            Console.Out.Write(value);
        }

        public override void WriteLine(string? value)
        {
            logs.WriteLine(value);
            Console.Out.WriteLine(value);
        }
    }
}
