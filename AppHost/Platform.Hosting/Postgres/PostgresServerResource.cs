namespace Platform.Hosting;

/// <summary>A PostgreSQL server started from the OS binaries (initdb, postgres).</summary>
public sealed class PostgresServerResource(string name) : Resource(name), IResourceWithConnectionString, IResourceWithHealth
{
    public const string UserName = "postgres";

    public override string Type => "Postgres";

    public Endpoint PrimaryEndpoint => GetEndpoint("tcp");

    /// <summary>Generated once per data folder; set when the application is built.</summary>
    public string Password { get; internal set; } = string.Empty;

    public string ConnectionString => $"Host={PrimaryEndpoint.Host};Port={PrimaryEndpoint.Port};Username={UserName};Password={Password}";
}

/// <summary>A database on a PostgreSQL server, created when the server first runs.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithConnectionString, IResourceWithHealth
{
    public override string Type => "PostgresDatabase";

    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = parent;

    public string ConnectionString => $"{Server.ConnectionString};Database={DatabaseName}";
}
