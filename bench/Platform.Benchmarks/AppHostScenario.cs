using System.Diagnostics;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// Start to all Healthy (first start on an empty folder, and a start on existing data), stop,
/// and idle memory per resource; baseline: RabbitMQ alone, the slowest server, in the same run.
/// </summary>
internal sealed class AppHostScenario : IScenario
{
    public string Name => "apphost";

    public string Description => "start to all Healthy, stop time, idle RSS per resource (baseline: RabbitMQ alone)";

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
            measurements.Add(new($"idle RSS: {resource}", BenchArguments.Median(values), "MB", Target: resource == "apphost" ? 150 : null));
        }

        return new BenchReport(Name, BenchArguments.MachineDescription(), measurements);
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
            Record(memory, "apphost", ProcessMemory.OwnResidentMegabytes(appHost.Id));
            foreach (var resource in resources.EnumerateArray())
            {
                var pids = resource.GetProperty("processIds").EnumerateArray().Select(p => p.GetInt32()).ToList();
                if (pids.Count > 0)
                {
                    Record(memory, resource.GetProperty("name").GetString()!, ProcessMemory.ResidentMegabytes(pids));
                }
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

    private static void Record(Dictionary<string, List<double>> memory, string resource, double megabytes)
    {
        if (!memory.TryGetValue(resource, out var values))
        {
            memory[resource] = values = [];
        }

        values.Add(megabytes);
    }
}
