using Platform.ServiceDefaults.Data;

namespace Platform.Partner.Data;

/// <summary>The context `dotnet ef` makes migrations and the compiled model from.</summary>
public sealed class PartnerDesignTimeFactory : DesignTimeContextFactory<PartnerDbContext>;
