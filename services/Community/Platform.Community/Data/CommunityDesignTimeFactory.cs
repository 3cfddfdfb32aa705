using Platform.ServiceDefaults.Data;

namespace Platform.Community.Data;

/// <summary>The context `dotnet ef` makes migrations and the compiled model from.</summary>
public sealed class CommunityDesignTimeFactory : DesignTimeContextFactory<CommunityDbContext>;
