namespace Platform.Demo;

/// <summary>The ids the Partner service gave the demo's organizations (by name) and experts (by e-mail).</summary>
public sealed class NetworkIds
{
    public Dictionary<string, string> Organizations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Experts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Organization(string name) => Organizations[name];

    public string Expert(string email) => Experts[email];
}
