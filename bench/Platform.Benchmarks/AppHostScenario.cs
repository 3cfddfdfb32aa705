using System.Diagnostics;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// Start to all Healthy (first start on an empty folder, and a start on existing data), stop,
/// and idle memory per resource, both 10 s after all are Healthy and once settled after
/// <see cref="SettleTime"/> idle; baseline: RabbitMQ alone, the slowest server, in the same run.
/// </summary>
internal sealed class AppHostScenario : IScenario
{
    /// <summary>
    /// How long an idle platform is left before its settled memory is read. An idle service's RSS
    /// grows for minutes after start (its first collections, code promoted to the optimised tier,
    /// periodic work) and measured flat from about 9 minutes on (docs/performance.md).
    /// </summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromMinutes(10);

    public string Name => "apphost";

    public string Description => "start to all Healthy, stop time, idle RSS per resource after start and settled (baseline: RabbitMQ alone)";

    public async Task<BenchReport> RunAsync(int iterations)
    {
        var (rabbitStart, rabbitStop) = await MeasureRabbitMQAloneAsync(iterations);
        var firstStarts = new List<double>();
        var warmStarts = new List<double>();
        var stops = new List<double>();
        var memory = new Dictionary<string, List<double>>();
        for (var i = 0; i < iterations; i++)
        {
            var folder = Directory.CreateTempSubdirectory("platform-bench-").FullName;
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
            try
            {
                firstStarts.Add(await StartAndStopAsync(folder, stops: null, memory: null));
                warmStarts.Add(await StartAndStopAsync(folder, stops, memory));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var measurements = new List<Measurement>
        {
            new("start to all Healthy, data exists (median)", BenchArguments.Median(warmStarts), "s", "RabbitMQ alone", rabbitStart, Target: 15),
            new("first start to all Healthy, empty folder (median)", BenchArguments.Median(firstStarts), "s", "RabbitMQ alone", rabbitStart),
            new("stop, SIGTERM to exit (median)", BenchArguments.Median(stops), "s", "RabbitMQ alone", rabbitStop, Target: 5),
        };
        foreach (var (resource, values) in memory)
        {
            measurements.Add(new($"idle RSS 10 s after all Healthy: {resource}", BenchArguments.Median(values), "MB", Target: resource == "apphost" ? 150 : null));
        }

        // Issue 2's target is the AppHost's, issue 3's each service's; the servers' memory is their own.
        var (settled, services) = await MeasureSettledMemoryAsync();
        foreach (var (resource, megabytes) in settled)
        {
            var target = resource == "apphost" || services.Contains(resource) ? 150 : (double?)null;
            measurements.Add(new($"idle RSS settled, {SettleTime.TotalMinutes:0} min after all Healthy: {resource}", megabytes, "MB", Target: target));
        }

        return new BenchReport(Name, BenchArguments.MachineDescription(), measurements);
    }

    /// <summary>One warm start left idle for <see cref="SettleTime"/>: the memory an operator sees on an idle platform.</summary>
    private static async Task<(Dictionary<string, double> Megabytes, HashSet<string> Services)> MeasureSettledMemoryAsync()
    {
        var folder = Directory.CreateTempSubdirectory("platform-bench-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        try
        {
            await StartAndStopAsync(folder, stops: null, memory: null);
            await using var appHost = AppHostProcess.Start(folder);
            await appHost.WaitAllHealthyAsync(TimeSpan.FromMinutes(3));
            await Task.Delay(SettleTime);
            var resources = await appHost.WaitAllHealthyAsync(TimeSpan.FromMinutes(1));
            var settled = ResidentMemory(appHost, resources);
            var services = resources.EnumerateArray().Where(r => r.GetProperty("type").GetString() == "Project").Select(r => r.GetProperty("name").GetString()!).ToHashSet();
            await appHost.StopAsync();
            return (settled, services);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<double> StartAndStopAsync(string folder, List<double>? stops, Dictionary<string, List<double>>? memory)
    {
        var clock = Stopwatch.StartNew();
        await using var appHost = AppHostProcess.Start(folder);
        var resources = await appHost.WaitAllHealthyAsync(TimeSpan.FromMinutes(3));
        var started = clock.Elapsed.TotalSeconds;
        if (memory is not null)
        {
            // Idle: let start-up garbage settle before reading resident memory.
            await Task.Delay(TimeSpan.FromSeconds(10));
            foreach (var (resource, megabytes) in ResidentMemory(appHost, resources))
            {
                Record(memory, resource, megabytes);
            }
        }

        var stopped = await appHost.StopAsync();
        stops?.Add(stopped.TotalSeconds);
        return started;
    }

    private static async Task<(double Start, double Stop)> MeasureRabbitMQAloneAsync(int iterations)
    {
        var starts = new List<double>();
        var stops = new List<double>();
        var folder = Directory.CreateTempSubdirectory("platform-bench-rabbitmq-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        try
        {
            for (var i = 0; i <= iterations; i++)
            {
                var builder = DistributedApplicationTestingBuilder.Create(o =>
                {
                    o.DataDirectory = folder;
                    o.Ephemeral = false;
                });
                builder.AddRabbitMQ("rabbitmq");
                var app = builder.Build();
                var clock = Stopwatch.StartNew();
                await app.StartAsync();
                var started = clock.Elapsed.TotalSeconds;
                clock.Restart();
                await app.DisposeAsync();

                // The first run creates the broker's data; the others start on it, like the AppHost's warm start.
                if (i > 0)
                {
                    starts.Add(started);
                    stops.Add(clock.Elapsed.TotalSeconds);
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return (BenchArguments.Median(starts), BenchArguments.Median(stops));
    }

    /// <summary>The AppHost's own RSS and each resource's, its processes' descendants included.</summary>
    private static Dictionary<string, double> ResidentMemory(AppHostProcess appHost, System.Text.Json.JsonElement resources)
    {
        var megabytes = new Dictionary<string, double> { ["apphost"] = ProcessMemory.OwnResidentMegabytes(appHost.Id) };
        foreach (var resource in resources.EnumerateArray())
        {
            var pids = resource.GetProperty("processIds").EnumerateArray().Select(p => p.GetInt32()).ToList();
            if (pids.Count > 0)
            {
                megabytes[resource.GetProperty("name").GetString()!] = ProcessMemory.ResidentMegabytes(pids);
            }
        }

        return megabytes;
    }

    private static void Record(Dictionary<string, List<double>> memory, string resource, double megabytes)
    {
        if (!memory.TryGetValue(resource, out var values))
        {
            memory[resource] = values = [];
        }

        values.Add(megabytes);
    }
}
