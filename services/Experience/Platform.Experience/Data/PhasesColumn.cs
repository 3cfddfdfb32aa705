using System.Text.Json;
using Platform.Experience.Formats;

namespace Platform.Experience.Data;

/// <summary>
/// A format's phases as one jsonb column. Public static methods, not lambdas over a private field,
/// so EF's compiled model (Data/CompiledModel) can call them in the code it generates.
/// </summary>
public static class PhasesColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(List<PhaseDefinition> phases) => JsonSerializer.Serialize(phases, Json);

    public static List<PhaseDefinition> Read(string json) => JsonSerializer.Deserialize<List<PhaseDefinition>>(json, Json) ?? new List<PhaseDefinition>();

    public static bool Same(List<PhaseDefinition>? a, List<PhaseDefinition>? b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json);

    public static int Hash(List<PhaseDefinition> phases) => Write(phases).GetHashCode(StringComparison.Ordinal);

    public static List<PhaseDefinition> Snapshot(List<PhaseDefinition> phases) => phases.ToList();
}
