using System.Net.Sockets;
using System.Text;
using Platform.Hosting.Infrastructure;
using Platform.Hosting.Orchestration;
using Platform.Hosting.Processes;

namespace Platform.Hosting;

/// <summary>Runs redis-server with its data and configuration in the resource's folder.</summary>
internal sealed class RedisRunner(RedisResource redis, RunnerContext context) : ServerRunner(redis, context)
{
    public override IReadOnlyList<(string Program, string Package)> RequiredPrograms => [("redis-server", "redis-server")];

    // Redis names the snapshot it cannot load ("Wrong signature...", "Short read...") then gives up with this line.
    protected override IReadOnlyList<string> DamagedDataSigns => ["Fatal error loading the DB", "Short read or OOM loading DB"];

    protected override async Task<ProcessSpec> PrepareAsync(CancellationToken cancellationToken)
    {
        var program = await LocateAsync("redis-server", cancellationToken);
        var account = ServiceAccount.For("redis");
        var data = Path.Combine(DataDirectory, "data");
        ServiceAccount.EnsureWritable(Resource.Name, data);
        var config = Path.Combine(data, "redis.conf");
        Secrets.WriteOwnerOnly(config, $"""
            port {redis.PrimaryEndpoint.Port}
            bind 127.0.0.1
            protected-mode yes
            requirepass {redis.Password}
            dir {data}
            dbfilename dump.rdb
            save {(Context.Options.Ephemeral ? "\"\"" : "60 1")}
            appendonly no
            daemonize no
            supervised no
            logfile ""
            """);
        ServiceAccount.PrepareDirectory(Resource.Name, data, account);

        return new ProcessSpec
        {
            FileName = program,
            Arguments = [config],
            WorkingDirectory = data,
            RunAs = account,
            CleanEnvironment = true,
        };
    }

    /// <summary>AUTH then PING over RESP; healthy on +PONG.</summary>
    protected override async Task<HealthReport> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var client = new TcpClient();
            await client.ConnectAsync(redis.PrimaryEndpoint.Host, redis.PrimaryEndpoint.Port, timeout.Token);
            var stream = client.GetStream();
            var command = Encoding.UTF8.GetBytes($"AUTH {redis.Password}\r\nPING\r\n");
            await stream.WriteAsync(command, timeout.Token);
            var reply = await ReadRepliesAsync(stream, 2, timeout.Token);
            return reply.Contains("+PONG", StringComparison.Ordinal)
                ? Report("redis-ping", ResourceHealth.Healthy, "PING answered PONG")
                : Report("redis-ping", ResourceHealth.Unhealthy, "unexpected reply: " + reply.Trim());
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return Report("redis-ping", ResourceHealth.Unhealthy, ex.Message);
        }
    }

    private static async Task<string> ReadRepliesAsync(NetworkStream stream, int lines, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        var text = new StringBuilder();
        while (text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length < lines)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
