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

    /// <summary>The command on <paramref name="reporting"/>; the seeder writes through <paramref name="partner"/>, <paramref name="experience"/> and <paramref name="community"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithDemoSeedCommand(this IResourceBuilder<ProjectResource> reporting, DemoScale scale, IResourceBuilder<ProjectResource> partner, IResourceBuilder<ProjectResource> experience, IResourceBuilder<ProjectResource> community)
    {
        var services = new SeededServices(partner.Resource.Name, experience.Resource.Name, community.Resource.Name);
        return reporting.WithCommand(Name, "Seed demo data", context => SeedAsync(context, scale, services), new CommandOptions
        {
            Description = $"Adds the demo network, five experiences ({scale.ScreeningRegistrations} at the screening, {scale.WebinarRegistrations} at the LEF-talk) and the community through the public APIs. Running it again adds nothing.",
            ConfirmationMessage = "Add the demo data (partners, experiences, registrations, community) to this platform? Running it again adds nothing.",
            UpdateState = context => context.WhenHealthy(services.Partner, services.Experience, services.Community, reporting.Resource.Name),
        });
    }

    private static async Task<ExecuteCommandResult> SeedAsync(ExecuteCommandContext context, DemoScale scale, SeededServices services)
    {
        var app = context.Application;
        using var clients = new DemoClients(Grpc(app, services.Partner), Grpc(app, services.Experience), Grpc(app, services.Community), app.Tokens.CreateOperatorToken(caller: "demo-seed"));
        using var log = new TerminalAndLogs(context.Log);
        var seed = await new DemoSeeder(clients, scale, TimeProvider.System, log).SeedAsync(context.CancellationToken);
        return CommandResults.Success($"{seed.Network.Organizations.Count} organizations and {seed.ExperienceIds.Count} experiences are in place; Reporting's figures follow within seconds.");
    }

    private static Uri Grpc(DistributedApplication app, string service) =>
        new(((Resource)app.GetResource(service)).GetEndpoint("grpc").Url);

    /// <summary>The resource names of the services the seeder writes through.</summary>
    private sealed record SeededServices(string Partner, string Experience, string Community);

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
