using Platform.Hosting.Orchestration;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>What the AppHost prints once everything is up.</summary>
public sealed class ConsoleReporterTests
{
    [Fact]
    public async Task An_AppHost_without_resources_prints_an_empty_table_and_its_login_URL()
    {
        await using var app = DistributedApplicationTestingBuilder.Create().Build();
        using var output = new StringWriter();
        using var console = new ConsoleReporter(app, output);

        console.Started();

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.StartsWith("All 0 resources healthy after ", lines[0], StringComparison.Ordinal);
        Assert.Equal("  NAME  TYPE              STATE     HEALTH    URL", lines[2]);
        Assert.Contains($"Dashboard login: {app.LoginUrl}", lines);
    }
}
