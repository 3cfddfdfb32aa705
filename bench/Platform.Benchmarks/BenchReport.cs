using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Benchmarks;

/// <summary>A named benchmark scenario: measures, with a baseline measured in the same run where one applies.</summary>
internal interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task<BenchReport> RunAsync(int iterations);
}

/// <summary>One measured figure, its baseline from the same run and the target it is held to.</summary>
internal sealed record Measurement(string Metric, double Value, string Unit, string? Baseline = null, double? BaselineValue = null, double? Target = null, double? LowerBound = null)
{
    /// <summary><see cref="Target"/> is an upper bound (seconds, megabytes); <see cref="LowerBound"/> a floor (throughput).</summary>
    public bool? MeetsTarget => (Target, LowerBound) switch
    {
        ({ } max, _) => Value <= max,
        (_, { } min) => Value >= min,
        _ => null,
    };
}

internal sealed record BenchReport(string Scenario, string Machine, IReadOnlyList<Measurement> Measurements)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public bool AllTargetsMet => Measurements.All(m => m.MeetsTarget != false);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {Scenario} ({Machine}, {DateTime.UtcNow:yyyy-MM-dd})").AppendLine();
        text.AppendLine("| metric | value | baseline (same run) | target | met |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var m in Measurements)
        {
            var baseline = m.BaselineValue is { } b ? string.Create(CultureInfo.InvariantCulture, $"{m.Baseline}: {b:0.##} {m.Unit}") : "-";
            var target = (m.Target, m.LowerBound) switch
            {
                ({ } max, _) => string.Create(CultureInfo.InvariantCulture, $"<= {max:0.##} {m.Unit}"),
                (_, { } min) => string.Create(CultureInfo.InvariantCulture, $">= {min:0.##} {m.Unit}"),
                _ => "-",
            };
            var met = m.MeetsTarget switch { true => "yes", false => "**no**", null => "-" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {m.Metric} | {m.Value:0.##} {m.Unit} | {baseline} | {target} | {met} |");
        }

        return text.ToString();
    }

    public string WriteJson(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Scenario}-{DateTime.UtcNow:yyyyMMddTHHmmss}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(this, Indented));
        return path;
    }
}

internal static class BenchArguments
{
    public static int Int(string[] args, string option, int fallback)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    public static string MachineDescription() =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB";

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
