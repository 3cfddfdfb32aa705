using Platform.Demo;
using Platform.Hosting;

namespace Platform.AppHost;

/// <summary>
/// <c>--seed demo</c>: once the "Seed demo data" command is enabled (every service healthy), the
/// AppHost runs it, as an operator would from the dashboard, while the platform runs on.
/// <c>--demo-scale small</c> makes the screening and the LEF-talk smaller (48 and 24 registrations)
/// for a quicker look, for both. Seeding again (another start, or the command) adds nothing.
/// </summary>
internal static class DemoSeedOption
{
    private const string Option = "--seed";
    private const string ScaleOption = "--demo-scale";

    /// <summary>
    /// Whether to seed, and at which scale. Throws, as the engine does for its own options, when <c>--seed</c>
    /// names anything but <c>demo</c> or the scale is unknown.
    /// </summary>
    public static (bool SeedDemo, DemoScale Scale) Parse(IReadOnlyList<string> args)
    {
        var list = args.ToList();
        var at = list.IndexOf(Option);
        var seedDemo = at >= 0 && at + 1 < args.Count && args[at + 1] == "demo";
        var scaleAt = list.IndexOf(ScaleOption);
        var scaleName = scaleAt >= 0 && scaleAt + 1 < args.Count ? args[scaleAt + 1] : scaleAt >= 0 ? string.Empty : "full";
        DemoScale? chosen = scaleName switch { "full" => DemoScale.Issue, "small" => DemoScale.Small, _ => null };
        if (at >= 0 && !seedDemo)
        {
            throw new ResourceStartException("apphost", $"{Option}: the data set to seed is missing or unknown; the one there is: {Option} demo");
        }

        return chosen is { } scale
            ? (seedDemo, scale)
            : throw new ResourceStartException("apphost", $"{ScaleOption}: '{scaleName}' is not a demo scale; use {ScaleOption} full (300 and 200 registrations, the default) or {ScaleOption} small (48 and 24).");
    }

    /// <summary>
    /// Refuses an argument that neither the engine nor the AppHost reads (<paramref name="remaining"/>: what the
    /// engine left): ignored, a misspelt <c>--fresh</c> would start on the old data, a misspelt port on the default one.
    /// </summary>
    public static void ThrowIfUnknown(IReadOnlyList<string> remaining)
    {
        for (var i = 0; i < remaining.Count; i++)
        {
            if (remaining[i] is Option or ScaleOption)
            {
                // Its value, checked by Parse.
                i++;
                continue;
            }

            throw new ResourceStartException("apphost", $"'{remaining[i]}' is not an option of the AppHost (README.md, \"Options\", lists them).");
        }
    }

    /// <summary>Runs the command on <paramref name="resource"/> in the background once it is enabled; a failure is printed, the platform keeps running.</summary>
    public static void SeedWhenHealthy(DistributedApplication app, string resource) => _ = Task.Run(async () =>
    {
        try
        {
            await app.ResourceNotifications.WaitForAsync(resource, s => s.Commands.Any(c => c.Name == DemoSeedCommand.Name && c.State == ResourceCommandState.Enabled));
            var result = await app.ResourceCommands.ExecuteCommandAsync(resource, DemoSeedCommand.Name);
            if (result.Success)
            {
                Console.WriteLine("Demo: open the dashboard (login URL above) and ask Reporting for the figures, see README \"The demo\".");
            }
            else
            {
                Console.Error.WriteLine($"Demo: seeding stopped: {result.Message}");
            }
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"Demo: seeding did not run: {ex.Message}");
        }
    });
}
