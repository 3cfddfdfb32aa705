using Npgsql;
using Platform.Hosting.Orchestration;

namespace Platform.Hosting;

/// <summary>Creates the database on its server when missing; its health is a query on that database.</summary>
internal sealed class PostgresDatabaseRunner(PostgresDatabaseResource database, RunnerContext context) : ResourceRunner(database, context)
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database.Server.ConnectionString) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database.DatabaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
                await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
                Context.Logs.Write(Resource.Name, $"created database {database.DatabaseName}");
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created concurrently by another AppHost on the same server: the database exists, as wanted.
        }
        catch (NpgsqlException ex)
        {
            throw new ResourceStartException(Resource.Name, $"could not create database {database.DatabaseName}: {ex.Message}", ex);
        }
    }

    public override Task StopAsync() => Task.CompletedTask;

    public override async Task<IReadOnlyList<HealthReport>> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var (healthy, description) = await PostgresProbe.QueryAsync(database.ConnectionString, cancellationToken);
        return [Report("postgres-query", healthy ? ResourceHealth.Healthy : ResourceHealth.Unhealthy, description)];
    }
}
