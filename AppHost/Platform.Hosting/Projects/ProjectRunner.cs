using System.Net;
using Platform.Hosting.Orchestration;
using Platform.Hosting.Infrastructure;
using Platform.Hosting.Processes;

namespace Platform.Hosting;

/// <summary>Launches a project's replicas from its build output, checks /health and restarts crashed replicas with back-off.</summary>
internal sealed class ProjectRunner(ProjectResource project, RunnerContext context) : ResourceRunner(project, context)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10) })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    /// <summary>Replaced whole by a start, never changed in place: the health loop, the proxies and snapshots read it from other threads.</summary>
    private IReadOnlyList<ProjectReplica> _replicas = [];
    private readonly List<ReplicaProxy> _proxies = [];
    private readonly List<Task> _supervisors = [];
    private CancellationTokenSource _stopping = new();

    // The console line written last before this run began: what came before is an earlier run's.
    private long _beforeRun;

    public override IReadOnlyList<int> ProcessIds =>
        _replicas.Select(r => r.Process).Where(p => p is { HasExited: false }).Select(p => p!.Id).ToList();

    public override bool IsSupervising => _supervisors.Any(s => !s.IsCompleted);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(project.Metadata.TargetPath))
        {
            throw new ResourceStartException(Resource.Name, $"its build output {project.Metadata.TargetPath} is missing. Build the AppHost first: dotnet build AppHost/Platform.AppHost");
        }

        EnsurePortsFree();
        _beforeRun = Context.LastLineOf(Resource.Name);

        // Cancelled, not only disposed: the last run's restart loops must not relaunch anything.
        await _stopping.CancelAsync();
        _stopping.Dispose();
        _stopping = new CancellationTokenSource();
        var single = project.Replicas == 1;
        _replicas = [.. Enumerable.Range(0, project.Replicas).Select(_ => new ProjectReplica(
            $"{project.Name}-{Secrets.Short()}",
            single ? project.GetEndpoint("http").Port : Context.Ports.Reserve(),
            single ? project.GetEndpoint("grpc").Port : Context.Ports.Reserve()))];

        if (!single)
        {
            foreach (var endpoint in project.Endpoints)
            {
                var proxy = new ReplicaProxy(project.Name, endpoint.Port, () => RunningPorts(endpoint.Name), Context.Logs);
                proxy.Start();
                _proxies.Add(proxy);
            }
        }

        foreach (var replica in _replicas)
        {
            await LaunchAsync(replica);
            _supervisors.Add(SuperviseAsync(replica, _stopping.Token));
        }
    }

    public override async Task StopAsync()
    {
        await _stopping.CancelAsync();
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }

        _proxies.Clear();
        await Task.WhenAll(_replicas.Where(r => r.Process is not null).Select(r => r.Process!.StopAsync(PosixSignal.SIGTERM, TimeSpan.FromSeconds(5))));

        // A relaunch under way when the stop came stops the process it launched; done once they return.
        await Task.WhenAll(_supervisors).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _supervisors.Clear();
        if (project.Replicas > 1)
        {
            // The replicas' own ports; a start chooses new ones.
            foreach (var replica in _replicas)
            {
                Context.Ports.Release(replica.HttpPort, replica.GrpcPort);
            }
        }
    }

    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    public override async Task<IReadOnlyList<HealthReport>> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var reports = await Task.WhenAll(_replicas.Select(r => CheckReplicaAsync(r, cancellationToken)));
        return reports;
    }

    private async Task<HealthReport> CheckReplicaAsync(ProjectReplica replica, CancellationToken cancellationToken)
    {
        var check = $"GET {project.HealthCheckPath} ({replica.InstanceId})";
        if (replica.Process is not { HasExited: false })
        {
            return Report(check, ResourceHealth.Unhealthy, "the replica is not running");
        }

        try
        {
            using var response = await Http.GetAsync(new Uri($"http://localhost:{replica.HttpPort}{project.HealthCheckPath}"), cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            var status = response.StatusCode != HttpStatusCode.OK ? ResourceHealth.Unhealthy
                : ReportedStatus(body) == "Degraded" ? ResourceHealth.Degraded
                : ResourceHealth.Healthy;
            if (status != ResourceHealth.Unhealthy)
            {
                replica.HealthyOnce = true;
            }

            return Report(check, status, $"{(int)response.StatusCode} {Truncate(body)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return Report(check, ResourceHealth.Unhealthy, ex.Message);
        }
    }

    private async Task LaunchAsync(ProjectReplica replica)
    {
        var spec = new ProcessSpec
        {
            FileName = DotnetHost.Path,
            Arguments = ["exec", project.Metadata.TargetPath],
            WorkingDirectory = Path.GetDirectoryName(project.Metadata.ProjectPath)!,
            Environment = ProjectEnvironment.Build(project, Context.Options, Context.Tokens, replica.InstanceId, replica.HttpPort, replica.GrpcPort),
            RemoveEnvironment = ProjectEnvironment.Removed,
        };
        Context.LaunchedEnvironments[Resource.Name] = spec.Environment;
        replica.Process = await ManagedProcess.StartAsync(spec, Resource.Name, Context.Logs);
        replica.Launches++;
        replica.HealthyOnce = false;
        replica.LaunchedAt = Context.TimeProvider.GetUtcNow();
        Context.Notifications.Update(Resource.Name, s => s with { ProcessIds = ProcessIds });
    }

    private async Task SuperviseAsync(ProjectReplica replica, CancellationToken stopping)
    {
        var crashes = 0;
        while (replica.Process is { } process)
        {
            var code = await process.Exited;
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (!replica.HealthyOnce && replica.Launches == 1)
            {
                Context.Fail(Resource.Name, $"the project exited with code {code} before it became healthy. Last output: {Context.LastOutput(Resource.Name, _beforeRun)}");
                return;
            }

            if (code == 0)
            {
                Context.Notifications.Update(Resource.Name, s => s with { ExitCode = 0, ProcessIds = ProcessIds });
                if (ProcessIds.Count == 0)
                {
                    Context.EndedOnItsOwn(Resource.Name, ResourceState.Finished, "the project ended on its own with exit code 0");
                }

                return;
            }

            var ranLong = Context.TimeProvider.GetUtcNow() - replica.LaunchedAt > MaxBackoff;
            crashes = ranLong ? 1 : crashes + 1;
            var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, crashes - 1), MaxBackoff.TotalSeconds));
            var message = $"replica {replica.InstanceId} crashed with exit code {code}; restart in {delay.TotalSeconds:0} s";
            Context.Logs.Write(Resource.Name, message, isError: true);
            var running = ProcessIds;

            // One transition, so nobody sees a crashed resource still Running and Healthy.
            Context.Notifications.Update(Resource.Name, s => s with
            {
                RestartCount = s.RestartCount + 1,
                ExitCode = code,
                ProcessIds = running,
                State = running.Count == 0 ? ResourceState.Exited : s.State,
                Health = running.Count == 0 ? null : ResourceHealth.Degraded,
                StateMessage = message,
                StoppedAt = running.Count == 0 ? Context.TimeProvider.GetUtcNow() : s.StoppedAt,
            });

            try
            {
                await Task.Delay(delay, Context.TimeProvider, stopping);
                if (ProcessIds.Count == 0)
                {
                    // Beside replicas that still serve, the resource stays Running (Degraded) while this one comes back.
                    Context.SetState(Resource.Name, ResourceState.Starting);
                }

                await LaunchAsync(replica);
                if (stopping.IsCancellationRequested)
                {
                    // Stopped while it launched: the stop found the exited process, so this one is left to stop here.
                    await replica.Process!.StopAsync(PosixSignal.SIGTERM, TimeSpan.FromSeconds(5));
                    return;
                }

                Context.SetState(Resource.Name, ResourceState.Running);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ResourceStartException ex)
            {
                Context.Fail(Resource.Name, ex.Cause);
                return;
            }
        }
    }

    private List<int> RunningPorts(string endpointName) =>
        _replicas.Where(r => r.Process is { HasExited: false })
            .Select(r => endpointName == "grpc" ? r.GrpcPort : r.HttpPort)
            .ToList();

    /// <summary>The overall status of a health answer: plain text, or JSON with a <c>status</c> property.</summary>
    private static string ReportedStatus(string body)
    {
        if (!body.StartsWith('{'))
        {
            return body;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("status", out var status) ? status.GetString() ?? string.Empty : string.Empty;
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Empty;
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private sealed class ProjectReplica(string instanceId, int httpPort, int grpcPort)
    {
        public string InstanceId { get; } = instanceId;

        public int HttpPort { get; } = httpPort;

        public int GrpcPort { get; } = grpcPort;

        public ManagedProcess? Process { get; set; }

        public volatile bool HealthyOnce;

        public int Launches { get; set; }

        public DateTimeOffset LaunchedAt { get; set; }
    }
}
