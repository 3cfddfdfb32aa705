using Platform.Hosting.Infrastructure;
using Platform.Hosting.Orchestration;
using Platform.Hosting.Processes;
using RabbitMQ.Client;

namespace Platform.Hosting;

/// <summary>
/// Runs RabbitMQ with its own epmd on a private port, so several brokers (the AppHost, test runs)
/// live side by side and stopping one leaves no epmd behind.
/// </summary>
internal sealed class RabbitMQRunner(RabbitMQServerResource rabbitmq, RunnerContext context) : ServerRunner(rabbitmq, context)
{
    private ManagedProcess? _epmd;
    private int[] _ownPorts = [];
    private IConnection? _connection;

    // Erlang's own bound on shutdown: the management plugin otherwise waits 5 s for a statistics timeout.
    protected override (PosixSignal Signal, TimeSpan Grace) StopSignal => (PosixSignal.SIGTERM, TimeSpan.FromSeconds(8));

    public override IReadOnlyList<int> ProcessIds => _epmd is { HasExited: false } epmd ? [.. base.ProcessIds, epmd.Id] : base.ProcessIds;

    public override IReadOnlyList<(string Program, string Package)> RequiredPrograms => [("rabbitmq-server", "rabbitmq-server"), ("epmd", "rabbitmq-server")];

    // Mnesia's own errors (its schema, its logs) and a message store or queue index it finds corrupt.
    protected override IReadOnlyList<string> DamagedDataSigns => ["** ERROR **", "schema_integrity_check_failed", "corrupt"];

    protected override async Task<ProcessSpec> PrepareAsync(CancellationToken cancellationToken)
    {
        var server = await LocateAsync("rabbitmq-server", cancellationToken);
        var epmdProgram = await LocateAsync("epmd", cancellationToken);
        var account = ServiceAccount.For("rabbitmq");
        var home = DataDirectory;
        ServiceAccount.EnsureWritable(Resource.Name, home);
        Directory.CreateDirectory(Path.Combine(home, "mnesia"));
        Directory.CreateDirectory(Path.Combine(home, "log"));
        WriteConfiguration(home);
        ServiceAccount.PrepareDirectory(Resource.Name, home, account);

        var epmdPort = Context.Ports.Reserve();
        var distributionPort = Context.Ports.Reserve();
        _ownPorts = [epmdPort, distributionPort];
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["ERL_EPMD_PORT"] = epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _epmd = await ManagedProcess.StartAsync(
            new ProcessSpec { FileName = epmdProgram, Arguments = ["-port", environment["ERL_EPMD_PORT"]], WorkingDirectory = home, RunAs = account, CleanEnvironment = true, Environment = environment },
            Resource.Name,
            Context.Logs);

        return new ProcessSpec
        {
            FileName = server,
            WorkingDirectory = home,
            RunAs = account,
            CleanEnvironment = true,
            Environment = new Dictionary<string, string>(environment)
            {
                // Makes the script exec the Erlang VM, so the VM gets our signals directly.
                ["RUNNING_UNDER_SYSTEMD"] = "true",
                ["RABBITMQ_NODENAME"] = "rabbit@localhost",
                ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RABBITMQ_CONFIG_FILE"] = Path.Combine(home, "rabbitmq.conf"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(home, "enabled_plugins"),
                ["RABBITMQ_MNESIA_BASE"] = Path.Combine(home, "mnesia"),
                ["RABBITMQ_LOG_BASE"] = Path.Combine(home, "log"),
                ["RABBITMQ_LOGS"] = "-",
                ["RABBITMQ_PID_FILE"] = Path.Combine(home, "rabbitmq.pid"),
                ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-shutdown_time 2000",
            },
        };
    }

    protected override async Task<HealthReport> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                }

                var factory = new ConnectionFactory
                {
                    Uri = new Uri(rabbitmq.ConnectionString),
                    RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
                    AutomaticRecoveryEnabled = false,
                    ClientProvidedName = "platform-apphost-health",
                };
                _connection = await factory.CreateConnectionAsync(cancellationToken);
            }

            return Report("amqp-connection", ResourceHealth.Healthy, "AMQP connection open");
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            _connection = null;
            return Report("amqp-connection", ResourceHealth.Unhealthy, ex.InnerException?.Message ?? ex.Message);
        }
    }

    protected override async Task AfterStopAsync()
    {
        // Taken before the first await: a new start assigns its own connection, epmd and ports here.
        var connection = Interlocked.Exchange(ref _connection, null);
        var epmd = Interlocked.Exchange(ref _epmd, null);
        var ownPorts = Interlocked.Exchange(ref _ownPorts, []);
        if (connection is not null)
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or RabbitMQ.Client.Exceptions.AlreadyClosedException or OperationCanceledException)
            {
                // The broker is gone already; nothing to close.
            }
        }

        if (epmd is not null)
        {
            await epmd.StopAsync(PosixSignal.SIGTERM, TimeSpan.FromSeconds(2));
        }

        // epmd's and the distribution ports; a start chooses new ones.
        Context.Ports.Release(ownPorts);
    }

    private void WriteConfiguration(string home)
    {
        Secrets.WriteOwnerOnly(Path.Combine(home, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{rabbitmq.PrimaryEndpoint.Port}
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {rabbitmq.ManagementEndpoint.Port}
            default_user = {RabbitMQServerResource.UserName}
            default_pass = {rabbitmq.Password}
            loopback_users = none
            log.console = true
            log.console.level = info
            log.file = false
            """);
        File.WriteAllText(Path.Combine(home, "enabled_plugins"), "[rabbitmq_management].\n");

        // Erlang refuses a cookie that others can read.
        var cookie = Path.Combine(home, ".erlang.cookie");
        if (!File.Exists(cookie))
        {
            Secrets.WriteOwnerOnly(cookie, Secrets.Generate(16).ToUpperInvariant());
        }

        File.SetUnixFileMode(cookie, UnixFileMode.UserRead);
    }
}
