using Platform.ServiceDefaults.Data;

namespace Platform.Reporting.Data;

/// <summary>The context `dotnet ef` makes migrations and the compiled model from.</summary>
public sealed class ReportingDesignTimeFactory : DesignTimeContextFactory<ReportingDbContext>;
