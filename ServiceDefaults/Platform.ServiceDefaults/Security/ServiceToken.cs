using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// The token this service sends when it calls another (<c>Platform:ServiceToken</c>, issued by
/// the AppHost with the scopes of the services it references).
/// </summary>
public sealed class ServiceToken(IConfiguration configuration)
{
    public const string ConfigurationKey = "Platform:ServiceToken";

    public string? Value => configuration[ConfigurationKey];
}
