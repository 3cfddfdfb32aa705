using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// Applies the committed migrations before the service takes traffic, under a PostgreSQL
/// advisory lock so replicas starting together migrate once, one after the other.
/// </summary>
internal sealed partial class DatabaseMigrator<TContext>(IServiceProvider services, NpgsqlDataSource dataSource, ServiceInfo serviceInfo, ILogger<DatabaseMigrator<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The lock belongs to this connection's session. Closing the connection only returns it to the
        // pool, which would keep the lock until the pool next reuses it: it is released explicitly.
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await RunAsync(lockConnection, "SELECT pg_advisory_lock(@key)", cancellationToken);
        try
        {
            await MigrateAsync(cancellationToken);
        }
        finally
        {
            await RunAsync(lockConnection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogMigrating(logger, pending.Count, string.Join(", ", pending));
            await context.Database.MigrateAsync(cancellationToken);
        }

        serviceInfo.SchemaVersion = (await context.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault() ?? string.Empty;
    }

    private static async Task RunAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", LockKey());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A stable 64-bit key per context type (string.GetHashCode differs per process).</summary>
    private static long LockKey()
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("platform-migrations:" + typeof(TContext).FullName));
        return BitConverter.ToInt64(hash, 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    private static partial void LogMigrating(ILogger logger, int count, string migrations);
}
