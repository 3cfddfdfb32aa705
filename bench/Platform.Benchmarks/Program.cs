using Platform.Benchmarks;

// dotnet run -c Release --project bench/Platform.Benchmarks -- <scenario> [--iterations N]
if (args is [BareGrpcServer.Argument, var port])
{
    await BareGrpcServer.RunAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

var scenarios = new IScenario[] { new AppHostScenario(), new ServiceDefaultsScenario(), new OutboxScenario(), new PartnerReadsScenario(), new ExperienceRegistrationScenario(), new CommunityFeedScenario(), new ReportingScenario(), new DashboardIngestScenario(), new DashboardBrowserScenario() };
var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
var scenario = scenarios.FirstOrDefault(s => s.Name == name);
if (scenario is null)
{
    Console.Error.WriteLine("usage: Platform.Benchmarks <scenario> [--iterations N]");
    foreach (var s in scenarios)
    {
        Console.Error.WriteLine($"  {s.Name,-14} {s.Description}");
    }

    return 2;
}

var iterations = BenchArguments.Int(args, "--iterations", 3);
var report = await scenario.RunAsync(iterations);
Console.WriteLine(report.ToMarkdown());
var path = report.WriteJson(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "results"));
Console.WriteLine($"JSON: {Path.GetFullPath(path)}");
return report.AllTargetsMet ? 0 : 1;
