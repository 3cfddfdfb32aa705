using System.Globalization;

namespace Platform.Hosting;

/// <summary>How the engine runs: where state lives, the dashboard's ports and token, and test settings.</summary>
public sealed class DistributedApplicationOptions
{
    public const string DashboardTokenVariable = "PLATFORM_DASHBOARD_TOKEN";

    /// <summary>Where each resource keeps its data, in a folder named after it (default: <c>.platform/</c> at the repository root).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory();

    /// <summary>Wipe the data directory before starting.</summary>
    public bool Fresh { get; set; }

    /// <summary>The dashboard and resource API port; 0 takes any free port.</summary>
    public int DashboardPort { get; set; } = 18888;

    /// <summary>The OTLP/HTTP port projects export telemetry to; 0 takes any free port.</summary>
    public int OtlpPort { get; set; } = 18890;

    /// <summary>Fixed by <c>PLATFORM_DASHBOARD_TOKEN</c>; otherwise a fresh one per start.</summary>
    public string DashboardToken { get; set; } = Environment.GetEnvironmentVariable(DashboardTokenVariable) is { Length: > 0 } token ? token : Infrastructure.Secrets.Generate(16);

    /// <summary>The key projects send in <c>x-otlp-api-key</c>; fresh per start.</summary>
    public string OtlpApiKey { get; set; } = Infrastructure.Secrets.Generate(16);

    public string EnvironmentName { get; set; } = "Development";

    /// <summary>The dashboard's telemetry bounds: <c>--telemetry-max-spans</c>, <c>--telemetry-max-logs</c>, <c>--telemetry-disk-mb</c>.</summary>
    public TelemetryLimits Telemetry { get; } = new();

    /// <summary>Install a missing server's OS package with apt-get when allowed (root or passwordless sudo).</summary>
    public bool AutoInstall { get; set; } = true;

    /// <summary>Folders searched for the servers' programs; empty means PATH and the Debian package folders.</summary>
    public IReadOnlyList<string> BinarySearchPath { get; set; } = [];

    /// <summary>Data lives for one run only (tests): no fsync, and the folder is removed on dispose.</summary>
    public bool Ephemeral { get; set; }

    /// <summary>How long start-up may take before the engine gives up and names what is not healthy.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long stopping everything may take before what is left is killed.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The engine's clock: health-check intervals, a crashed project's back-off (tests hold a back-off to reach the moment a relaunch begins).</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The command-line arguments the engine did not consume, for the AppHost's own options.</summary>
    public IReadOnlyList<string> RemainingArguments { get; set; } = [];

    /// <summary>Reads <c>--fresh</c>, <c>--dashboard-port N</c>, <c>--otlp-port N</c>, <c>--data-dir PATH</c>, <c>--environment NAME</c>.</summary>
    public static DistributedApplicationOptions FromArguments(IReadOnlyList<string> args)
    {
        var options = new DistributedApplicationOptions();
        var remaining = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--fresh":
                    options.Fresh = true;
                    break;
                case "--dashboard-port":
                    options.DashboardPort = ParsePort(args, ++i, "--dashboard-port");
                    break;
                case "--otlp-port":
                    options.OtlpPort = ParsePort(args, ++i, "--otlp-port");
                    break;
                case "--data-dir":
                    options.DataDirectory = Path.GetFullPath(Value(args, ++i, "--data-dir"));
                    break;
                case "--telemetry-max-spans":
                    options.Telemetry.MaxSpans = ParseCount(args, ++i, "--telemetry-max-spans");
                    break;
                case "--telemetry-max-logs":
                    options.Telemetry.MaxLogRecords = ParseCount(args, ++i, "--telemetry-max-logs");
                    break;
                case "--telemetry-disk-mb":
                    options.Telemetry.MaxDiskBytes = ParseCount(args, ++i, "--telemetry-disk-mb") * 1024L * 1024;
                    break;
                case "--environment":
                    options.EnvironmentName = Value(args, ++i, "--environment");
                    break;
                default:
                    remaining.Add(args[i]);
                    break;
            }
        }

        // Each port serves only its own endpoints (the OTLP receiver, the dashboard): one port cannot be both.
        if (options.DashboardPort != 0 && options.DashboardPort == options.OtlpPort)
        {
            throw new ArgumentException($"--dashboard-port and --otlp-port need two different ports, not both {options.DashboardPort}.");
        }

        options.RemainingArguments = remaining;
        return options;
    }

    /// <summary>The option's value; the next option is not one (<c>--data-dir --fresh</c> would start on a folder named "--fresh").</summary>
    private static string Value(IReadOnlyList<string> args, int index, string option) =>
        index < args.Count && args[index].Length > 0 && !args[index].StartsWith("--", StringComparison.Ordinal)
            ? args[index]
            : throw new ArgumentException($"{option} needs a value.");

    private static int ParsePort(IReadOnlyList<string> args, int index, string option)
    {
        var text = Value(args, index, option);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new ArgumentException($"{option} takes a port number from 0 to 65535, not '{text}'.");
    }

    private static int ParseCount(IReadOnlyList<string> args, int index, string option)
    {
        var text = Value(args, index, option);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new ArgumentException($"{option} takes a positive whole number, not '{text}'.");
    }

    /// <summary>The repository root is the folder holding Platform.sln, found from the AppHost's build output.</summary>
    private static string DefaultDataDirectory()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
                {
                    return Path.Combine(dir.FullName, ".platform");
                }
            }
        }

        return Path.Combine(Environment.CurrentDirectory, ".platform");
    }
}
