namespace Platform.Hosting.Tests;

/// <summary>Reads what the kernel knows of a process: whether it lives, its environment.</summary>
internal static class TestProcesses
{
    public static bool IsAlive(int pid)
    {
        // A zombie has exited; only its parent's bookkeeping is left.
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return false;
        }

        try
        {
            return !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains('Z', StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static Dictionary<string, string> Environment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => v.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);

    /// <summary>Processes whose command line mentions <paramref name="text"/> (e.g. a test's data folder).</summary>
    public static IReadOnlyList<int> Mentioning(string text) =>
        Matching(pid => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(text, StringComparison.Ordinal));

    /// <summary>
    /// The processes of <paramref name="project"/> in <paramref name="app"/>, found by the environment it
    /// launched them with, tracked or not: its service name and the application's own OTLP key.
    /// </summary>
    public static IReadOnlyList<int> OfProject(DistributedApplication app, string project) =>
        Matching(pid =>
        {
            var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
            return environment.Contains("OTEL_SERVICE_NAME=" + project)
                && environment.Contains("OTEL_EXPORTER_OTLP_HEADERS=x-otlp-api-key=" + app.Options.OtlpApiKey);
        });

    private static List<int> Matching(Func<int, bool> predicate) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != System.Environment.ProcessId)
            .Where(pid =>
            {
                try
                {
                    return predicate(pid) && IsAlive(pid);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .ToList();
}
