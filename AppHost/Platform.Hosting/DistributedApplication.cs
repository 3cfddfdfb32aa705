using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Platform.Hosting.Api;
using Platform.Hosting.Infrastructure;
using Platform.Hosting.Orchestration;
using Platform.Hosting.Processes;

namespace Platform.Hosting;

/// <summary>The running app model: starts, watches and stops every resource, and serves the resource API.</summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly Orchestrator _orchestrator;
    private readonly DataDirectoryLock _dataLock;
    private readonly PortReservations _ports = new();
    private WebApplication? _api;
    private Task? _commandStates;
    private bool _started;
    private bool _disposed;

    internal DistributedApplication(DistributedApplicationOptions options, IReadOnlyList<(Resource Resource, Func<RunnerContext, ResourceRunner> CreateRunner)> resources)
    {
        Options = options;
        Resources = resources.Select(r => (IResource)r.Resource).ToList();
        ValidateTelemetryLimits(options.Telemetry);
        _dataLock = DataDirectoryLock.Acquire(options.DataDirectory, options.Fresh);
        try
        {
            AllocatePorts(options, resources.Select(r => r.Resource), _ports);
            LoadCredentials(options, resources.Select(r => r.Resource));
            Tokens = Security.TokenIssuer.ForDataDirectory(options.DataDirectory);
            var limits = options.Telemetry;
            Telemetry = new Telemetry.TelemetryIngest(new(limits.MaxSpans), new(limits.MaxLogRecords), new(limits.MaxMetricSeries, limits.MaxPointsPerSeries, limits.MaxMetricAttributeSets), limits);
            var context = Context = new RunnerContext(options, ResourceLogs, ResourceNotifications, new InfrastructureBinaries(options, new PackageInstaller(Console.Out)), Tokens, _ports, options.TimeProvider);
            _orchestrator = new Orchestrator(resources.Select(r => r.CreateRunner(context)), context);
            ResourceCommands = new ResourceCommandService(this, resources.Select(r => r.Resource));
            ResourceCommands.Refresh();
        }
        catch
        {
            // Nothing runs yet, and the caller gets no application to dispose.
            ReleaseDataDirectoryAndPorts();
            throw;
        }
    }

    /// <summary>A builder for the AppHost's command line; a bad option is a <see cref="ResourceStartException"/> the AppHost reports as it reports the others.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        new DistributedApplicationBuilder(Testing.TestingHook.Current?.CreateOptions(args) ?? OptionsFromCommandLine(args));

    public DistributedApplicationOptions Options { get; }

    public IReadOnlyList<IResource> Resources { get; }

    public ResourceNotificationService ResourceNotifications { get; } = new();

    public ResourceLogs ResourceLogs { get; } = new();

    /// <summary>Runs the resources' commands (<c>WithCommand</c>) and keeps their states in the snapshots.</summary>
    public ResourceCommandService ResourceCommands { get; }

    /// <summary>What the services exported to the OTLP receiver: spans, structured logs, metrics.</summary>
    public Telemetry.TelemetryIngest Telemetry { get; }

    /// <summary>Spans the services exported to the OTLP receiver.</summary>
    public Telemetry.TraceStore Traces => Telemetry.Traces;

    /// <summary>Issues tokens the services accept (operator tokens; tests' wrong-scope tokens).</summary>
    public Security.TokenIssuer Tokens { get; }

    /// <summary>The dashboard and resource API address, once started.</summary>
    public Uri DashboardUrl => new($"http://localhost:{Options.DashboardPort}");

    /// <summary>Opening it in a browser signs in to the dashboard.</summary>
    public Uri LoginUrl => new(DashboardUrl, "/login?t=" + Uri.EscapeDataString(Options.DashboardToken));

    public IResource GetResource(string name) =>
        Resources.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"There is no resource named '{name}'.");

    /// <summary>Starts the resource API and every resource; returns when all are healthy.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _started = true;
        if (Options.Telemetry.Persist && Telemetry.Journal is null)
        {
            // Replayed before the receiver opens, so what was kept comes before what arrives.
            Telemetry.Persist(Path.Combine(Options.DataDirectory, ".telemetry"), Options.Telemetry);
        }

        _commandStates = ResourceCommands.TrackStatesAsync();
        _api = ResourceApi.Create(this, _orchestrator);
        try
        {
            await _api.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new ResourceStartException("dashboard", $"port {Options.DashboardPort} or {Options.OtlpPort} is already in use by another process ({ex.Message}). Pass --dashboard-port or --otlp-port to choose others.", ex);
        }

        await _orchestrator.InstallAsync(cancellationToken);
        await _orchestrator.StartAllAsync(cancellationToken);
    }

    /// <summary>Stops every resource in reverse dependency order, killing what outlives the shutdown timeout.</summary>
    public async Task StopAsync()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        await ResourceCommands.StopAsync();
        var stopping = _orchestrator.StopAllAsync();
        if (await Task.WhenAny(stopping, Task.Delay(Options.ShutdownTimeout)) != stopping)
        {
            foreach (var pid in ResourceNotifications.GetAll().SelectMany(s => s.ProcessIds))
            {
                PosixSignals.Kill(pid);
            }
        }

        if (_api is not null)
        {
            await _api.StopAsync();
            await _api.DisposeAsync();
            _api = null;
        }

        if (_commandStates is not null)
        {
            await _commandStates;
        }
    }

    /// <summary>Runs until Ctrl+C or SIGTERM; prints the resources and the login URL. Returns the process exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var console = new ConsoleReporter(this, Console.Out);
        try
        {
            console.Starting();
            await StartAsync(stop.Token);
            console.Started();

            // From here on a resource that fails (restarted from the dashboard) is FailedToStart; the rest runs on.
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return 0;
        }
        catch (ResourceStartException ex)
        {
            ConsoleReporter.Failed(ex);
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            console.Stopping();
            await DisposeAsync();
            console.Stopped();
        }

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    public void Run() => Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        Telemetry.Close();
        _orchestrator.Dispose();
        ResourceCommands.Dispose();
        ReleaseDataDirectoryAndPorts();
    }

    internal Orchestrator Orchestrator => _orchestrator;

    internal RunnerContext Context { get; }

    /// <summary>A bound set in code that would keep nothing stops the AppHost before anything starts, as a bad option does.</summary>
    private static void ValidateTelemetryLimits(TelemetryLimits limits)
    {
        try
        {
            limits.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ResourceStartException("apphost", ex.Message, ex);
        }
    }

    private static DistributedApplicationOptions OptionsFromCommandLine(string[] args)
    {
        try
        {
            return DistributedApplicationOptions.FromArguments(args);
        }
        catch (ArgumentException ex)
        {
            throw new ResourceStartException("apphost", ex.Message, ex);
        }
    }

    private void ReleaseDataDirectoryAndPorts()
    {
        _dataLock.Dispose();
        _ports.Dispose();
        if (Options.Ephemeral)
        {
            DataDirectoryLock.Delete(Options.DataDirectory);
        }
    }

    private static void AllocatePorts(DistributedApplicationOptions options, IEnumerable<Resource> resources, PortReservations ports)
    {
        foreach (var endpoint in resources.SelectMany(r => r.Endpoints).Where(e => !e.IsAllocated))
        {
            endpoint.Allocate(endpoint.RequestedPort ?? ports.Reserve());
        }

        if (options.DashboardPort == 0)
        {
            options.DashboardPort = ports.Reserve();
        }

        if (options.OtlpPort == 0)
        {
            options.OtlpPort = ports.Reserve();
        }
    }

    private static void LoadCredentials(DistributedApplicationOptions options, IEnumerable<Resource> resources)
    {
        foreach (var resource in resources)
        {
            var directory = Path.Combine(options.DataDirectory, resource.Name);
            switch (resource)
            {
                case RedisResource redis:
                    redis.Password = Secrets.GetOrCreate(directory, "password");
                    break;
                case RabbitMQServerResource rabbitmq:
                    rabbitmq.Password = Secrets.GetOrCreate(directory, "password");
                    break;
                case PostgresServerResource postgres:
                    postgres.Password = Secrets.GetOrCreate(directory, "password");
                    break;
            }
        }
    }
}
