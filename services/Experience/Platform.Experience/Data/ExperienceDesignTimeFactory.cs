using Platform.ServiceDefaults.Data;

namespace Platform.Experience.Data;

/// <summary>The context `dotnet ef` makes migrations and the compiled model from.</summary>
public sealed class ExperienceDesignTimeFactory : DesignTimeContextFactory<ExperienceDbContext>;
