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

        builder.Services.AddSingleton(_ => DataSource(connectionString));
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

    /// <summary>
    /// The service's data source. The platform's databases take a password (the AppHost's, or a
    /// managed PostgreSQL's), so GSS encryption is off unless the connection string asks for it:
    /// Npgsql's default (Prefer) asks the server for it on every new connection, a round trip
    /// for nothing, and loads the Kerberos libraries into every service (docs/service-defaults.md).
    /// </summary>
    private static NpgsqlDataSource DataSource(string connectionString)
    {
        var dataSource = new NpgsqlDataSourceBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", string.Empty, StringComparison.Ordinal).StartsWith("gssenc", StringComparison.OrdinalIgnoreCase)))
        {
            dataSource.ConnectionStringBuilder.GssEncryptionMode = GssEncryptionMode.Disable;
        }

        return dataSource.Build();
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
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
