using Platform.ServiceDefaults.Grpc;

namespace Platform.Community;

/// <summary>Short free labels (a member's interests, a news item's tags): trimmed, without empties or case-insensitive repeats.</summary>
public static class Labels
{
    public const int CountLimit = 20;
    public const int LengthLimit = 50;

    public static List<string> Read(Validation validation, string field, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var labels = values.Select(v => v.Trim()).Where(v => v.Length > 0).DistinctBy(v => v.ToUpperInvariant()).ToList();
        if (labels.Count > CountLimit)
        {
            validation.Add(field, $"must hold at most {CountLimit} entries (has {labels.Count})");
        }

        if (labels.FirstOrDefault(l => l.Length > LengthLimit) is { } tooLong)
        {
            validation.Add(field, $"entries must be at most {LengthLimit} characters ('{tooLong[..20]}...' is {tooLong.Length})");
        }

        return labels;
    }
}
