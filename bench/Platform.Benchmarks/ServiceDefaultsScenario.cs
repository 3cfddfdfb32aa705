using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Partner.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// The cost of the service defaults: an authenticated GetServiceInfo on the real Partner service
/// (JWT validation, scope policy, telemetry exported, rate limiter and error interceptor in the
/// pipeline) against the same call on a bare Kestrel gRPC endpoint, same machine, same run.
/// The service runs with Production settings, as deployed (no developer exception page,
/// OpenTelemetry's default 5 s export intervals instead of the AppHost's 1 s for development).
/// </summary>
internal sealed class ServiceDefaultsScenario : IScenario
{
    private const int Callers = 32;
    // Both servers run their final, tier-1 code before they are measured (a service runs for days).
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    public string Name => "service-defaults";

    public string Description => "authenticated gRPC call on the Partner service vs. a bare Kestrel gRPC endpoint (rps, p50, p99)";

    public async Task<BenchReport> RunAsync(int iterations)
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var database = builder.AddPostgres("postgres").AddDatabase("partnerdb");
        var partner = builder.AddProject<Projects.Platform_Partner>("partner")
            .WithReference(database).WithReference(redis).WithReference(rabbitmq)
            .WaitFor(database).WaitFor(redis).WaitFor(rabbitmq)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithVariant("BENCH_PARTNER_ENV");
        await using var app = builder.Build();
        await app.StartAsync();

        var barePort = HarnessPorts.Reserve();
        using var bare = Process.Start(new ProcessStartInfo("dotnet", ["exec", typeof(BareGrpcServer).Assembly.Location, BareGrpcServer.Argument, barePort.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var token = app.Tokens.CreateOperatorToken();
            using var service = Process.GetProcessById(app.ResourceNotifications.GetAll().Single(s => s.Name == "partner").ProcessIds.Single());
            var baseline = new List<LoadResult>();
            var withDefaults = new List<LoadResult>();
            for (var i = 0; i < iterations; i++)
            {
                baseline.Add(await MeasureAsync(new Uri($"http://localhost:{barePort}"), token: null, bare));
                withDefaults.Add(await MeasureAsync(app.GetEndpoint("partner", "grpc"), token, service));
            }

            var rps = BenchArguments.Median(withDefaults.Select(r => r.RequestsPerSecond));
            var bareRps = BenchArguments.Median(baseline.Select(r => r.RequestsPerSecond));
            var p99 = BenchArguments.Median(withDefaults.Select(r => r.P99Milliseconds));
            var bareP99 = BenchArguments.Median(baseline.Select(r => r.P99Milliseconds));
            var cpu = BenchArguments.Median(withDefaults.Select(r => r.ServerMicrosecondsPerCall!.Value));
            var bareCpu = BenchArguments.Median(baseline.Select(r => r.ServerMicrosecondsPerCall!.Value));
            return new BenchReport(Name, BenchArguments.MachineDescription() + $", {Callers} callers, {Duration.TotalSeconds:0} s", [
                new("requests/s with the defaults (median)", rps, "req/s", "bare endpoint", bareRps),
                new("p50 with the defaults (median)", BenchArguments.Median(withDefaults.Select(r => r.P50Milliseconds)), "ms", "bare endpoint", BenchArguments.Median(baseline.Select(r => r.P50Milliseconds))),
                new("p99 with the defaults (median)", p99, "ms", "bare endpoint", bareP99),
                new("throughput kept: defaults / bare (target >= 0.6)", rps / bareRps, "x", Target: null, LowerBound: 0.6),
                new("p99 ratio: defaults / bare (target <= 2)", p99 / bareP99, "x", Target: 2),
                new("server processor time per call (median)", cpu, "us", "bare endpoint", bareCpu),
                new("server processor time per call: defaults / bare", cpu / bareCpu, "x"),
            ]);
        }
        finally
        {
            bare.Kill();
        }
    }

    private static async Task<LoadResult> MeasureAsync(Uri address, string? token, Process server)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var client = new PartnerService.PartnerServiceClient(channel);
        var headers = token is null ? new Metadata() : new Metadata { { "Authorization", "Bearer " + token } };
        var request = new GetServiceInfoRequest();
        return await LoadGenerator.RunAsync(Callers, WarmUp, Duration, async () => await client.GetServiceInfoAsync(request, headers), server);
    }
}
