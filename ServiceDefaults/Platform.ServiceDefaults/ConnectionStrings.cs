using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults;

/// <summary>Connection strings the AppHost injects; a missing one stops the service with its name.</summary>
internal static class ConnectionStrings
{
    public static string Required(IConfiguration configuration, string name) =>
        configuration.GetConnectionString(name)
        ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not set; the AppHost injects it as ConnectionStrings__{name}.");
}
