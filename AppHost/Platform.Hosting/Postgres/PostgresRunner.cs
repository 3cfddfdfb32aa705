using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Platform.Hosting.Infrastructure;
using Platform.Hosting.Orchestration;
using Platform.Hosting.Processes;

namespace Platform.Hosting;

/// <summary>Runs a PostgreSQL server in the resource's folder, creating the cluster with initdb on first start.</summary>
internal sealed class PostgresRunner(PostgresServerResource postgres, RunnerContext context) : ServerRunner(postgres, context)
{
    private string ClusterDirectory => Path.Combine(DataDirectory, "data");

    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, data is flushed.
    protected override (PosixSignal Signal, TimeSpan Grace) StopSignal => (PosixSignal.SIGINT, TimeSpan.FromSeconds(10));

    public override IReadOnlyList<(string Program, string Package)> RequiredPrograms => [("postgres", "postgresql"), ("initdb", "postgresql")];

    // A missing or torn control file, a write-ahead log that cannot be replayed. Not "database files are
    // incompatible with server": a cluster of another major version is not damaged, and --fresh would lose it.
    protected override IReadOnlyList<string> DamagedDataSigns => ["pg_control", "could not find the database system", "checkpoint record"];

    /// <summary>Those of the PostgreSQL major that made the cluster, when there is one.</summary>
    public override Task<string> LocateAsync(string program, CancellationToken cancellationToken) =>
        Context.Binaries.LocateAsync(Resource.Name, program, PackageOf(program), ClusterDirectory, cancellationToken);

    protected override async Task<ProcessSpec> PrepareAsync(CancellationToken cancellationToken)
    {
        var server = await LocateAsync("postgres", cancellationToken);
        var initdb = await LocateAsync("initdb", cancellationToken);
        var account = ServiceAccount.For("postgres");
        ServiceAccount.PrepareDirectory(Resource.Name, DataDirectory, account);

        if (!File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
        {
            if (Directory.Exists(ClusterDirectory) && Directory.EnumerateFileSystemEntries(ClusterDirectory).Any())
            {
                throw new ResourceStartException(Resource.Name, $"the data folder {ClusterDirectory} is not a PostgreSQL cluster (PG_VERSION is missing): it is damaged. Start with --fresh to recreate it.");
            }

            await InitializeClusterAsync(initdb, account);
        }

        PostmasterLockFile.RemoveIfStale(Resource.Name, ClusterDirectory, Context.Logs);

        List<string> arguments =
        [
            "-D", ClusterDirectory,
            "-p", postgres.PrimaryEndpoint.Port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
            "-c", "max_connections=300",
        ];
        if (Context.Options.Ephemeral)
        {
            // Test data lives for one run: durability costs time and buys nothing.
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        return new ProcessSpec
        {
            FileName = server,
            Arguments = arguments,
            WorkingDirectory = DataDirectory,
            RunAs = account,
            CleanEnvironment = true,
            DeathSignal = PosixSignal.SIGINT,
        };
    }

    protected override async Task<HealthReport> ProbeAsync(CancellationToken cancellationToken)
    {
        var (healthy, description) = await PostgresProbe.QueryAsync(postgres.ConnectionString + ";Database=postgres", cancellationToken);
        return Report("postgres-query", healthy ? ResourceHealth.Healthy : ResourceHealth.Unhealthy, description);
    }

    private async Task InitializeClusterAsync(string initdb, string? account)
    {
        var passwordFile = Path.Combine(DataDirectory, "initdb.pw");
        Secrets.WriteOwnerOnly(passwordFile, postgres.Password);
        ServiceAccount.PrepareDirectory(Resource.Name, DataDirectory, account);
        try
        {
            Context.Logs.Write(Resource.Name, $"creating the cluster in {ClusterDirectory} (initdb)");
            List<string> arguments = ["-D", ClusterDirectory, "-U", PostgresServerResource.UserName, "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale", "--no-instructions"];
            if (Context.Options.Ephemeral)
            {
                arguments.Add("--no-sync");
            }

            var spec = new ProcessSpec { FileName = initdb, Arguments = arguments, WorkingDirectory = DataDirectory, RunAs = account, CleanEnvironment = true };
            var process = await ManagedProcess.StartAsync(spec, Resource.Name, Context.Logs);
            // Not cancelled half-way: a half-written cluster would be a damaged data folder.
            var code = await process.Exited;
            if (code != 0)
            {
                throw new ResourceStartException(Resource.Name, $"initdb failed with code {code}: {RunOutput()}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }
}

/// <summary>One query on an unpooled connection: an honest answer each time.</summary>
internal static class PostgresProbe
{
    public static async Task<(bool Healthy, string Description)> QueryAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3, CommandTimeout = 3 };
        try
        {
            var started = Stopwatch.GetTimestamp();
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return (true, $"SELECT 1 answered in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return (false, ex.Message);
        }
    }
}
