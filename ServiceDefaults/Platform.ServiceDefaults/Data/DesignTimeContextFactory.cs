using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// How `dotnet ef` makes a service's context for its migrations and its compiled model: without
/// the service's configuration and servers, which the model does not need. Each service declares
/// one (`PartnerDesignTimeFactory`, ...); docs/service-defaults.md has the commands.
/// </summary>
public abstract class DesignTimeContextFactory<TContext> : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) =>
        (TContext)Activator.CreateInstance(typeof(TContext), new DbContextOptionsBuilder<TContext>().UseNpgsql().Options)!;
}
