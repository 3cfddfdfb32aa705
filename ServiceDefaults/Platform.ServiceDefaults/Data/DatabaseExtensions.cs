using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Platform.ServiceDefaults.Health;

namespace Platform.ServiceDefaults.Data;

/// <summary>The service's own PostgreSQL database: one data source, EF Core, migrations at start, a readiness check.</summary>
public static class DatabaseExtensions
{
    public static IHostApplicationBuilder AddPlatformDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var connectionString = ConnectionStrings.Required(builder.Configuration, connectionName);

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        // Interceptors come from the application's services (the outbox's commit signal, for one).
        builder.Services.AddDbContextPool<TContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>())
            .AddInterceptors(services.GetServices<IInterceptor>()));
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        builder.Services.AddScoped<IdempotentRequests<TContext>>();
        builder.Services.AddHostedService<IdempotencyCleanup<TContext>>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            services => new DatabaseHealthCheck(services.GetRequiredService<NpgsqlDataSource>()),
            HealthStatus.Unhealthy,
            ["ready"],
            HealthExtensions.CheckTimeout));
        return builder;
    }
}

/// <summary>One query through the service's data source.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Probes run every few seconds: they would drown the real traces.
        using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("SELECT 1 answered");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer: " + ex.Message);
        }
    }
}
