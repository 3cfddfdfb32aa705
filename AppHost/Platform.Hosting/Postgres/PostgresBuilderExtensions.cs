using Platform.Hosting.Orchestration;

namespace Platform.Hosting;

public static class PostgresBuilderExtensions
{
    /// <summary>Adds a PostgreSQL server; <paramref name="port"/> null takes any free port.</summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var postgres = new PostgresServerResource(name);
        postgres.AddEndpoint("tcp", "postgres", "127.0.0.1", port);
        return builder.AddResource(postgres, context => new PostgresRunner(postgres, context));
    }

    /// <summary>Adds a database that is created (if missing) once the server is healthy.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        database.AddWait(builder.Resource);
        database.AddReference(builder.Resource);
        return builder.ApplicationBuilder.AddResource(database, context => new PostgresDatabaseRunner(database, context));
    }
}
