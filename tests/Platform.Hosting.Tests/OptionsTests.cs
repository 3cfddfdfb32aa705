namespace Platform.Hosting.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("--otlp-port", "18888")]
    [InlineData("--dashboard-port", "18890")]
    public void One_port_for_both_the_dashboard_and_OTLP_is_refused_naming_both_options(string option, string value)
    {
        // Each port serves only its own endpoints, so one port for both would answer 404 to one of them.
        var error = Assert.Throws<ArgumentException>(() => DistributedApplicationOptions.FromArguments([option, value]));
        Assert.Contains("--dashboard-port and --otlp-port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_options_are_read_and_the_rest_is_left_to_the_AppHost()
    {
        var options = DistributedApplicationOptions.FromArguments(["--fresh", "--dashboard-port", "19999", "--seed", "demo"]);

        Assert.True(options.Fresh);
        Assert.Equal(19999, options.DashboardPort);
        Assert.Equal(["--seed", "demo"], options.RemainingArguments);
        Assert.EndsWith(".platform", options.DataDirectory, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--data-dir", "--fresh")]
    [InlineData("--data-dir", "")]
    [InlineData("--environment", "--dashboard-port")]
    [InlineData("--dashboard-port", "--otlp-port")]
    public void An_option_whose_value_is_missing_is_refused_not_given_the_next_option_as_its_value(string option, string next)
    {
        // `--data-dir --fresh` would otherwise start on a folder named "--fresh", keeping the old data.
        var error = Assert.Throws<ArgumentException>(() => DistributedApplicationOptions.FromArguments([option, next, "19001"]));
        Assert.Equal($"{option} needs a value.", error.Message);
    }

    [Theory]
    [InlineData("--dashboard-port", "http")]
    [InlineData("--dashboard-port", "70000")]
    public void A_bad_port_option_is_refused_with_the_option_named(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => DistributedApplicationOptions.FromArguments([option, value]));
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxSpans")]
    [InlineData("MaxLogRecords")]
    [InlineData("MaxAttributeCount")]
    [InlineData("MaxAttributeLength")]
    [InlineData("MaxSpanEventCount")]
    [InlineData("MaxSpanLinkCount")]
    public void A_telemetry_limit_below_1_stops_the_AppHost_before_it_starts_naming_the_setting(string setting)
    {
        // By name: a setting that does not exist fails the test as one that is not checked does.
        var builder = Testing.DistributedApplicationTestingBuilder.Create(o => typeof(TelemetryLimits).GetProperty(setting)!.SetValue(o.Telemetry, 0));

        var error = Assert.Throws<ResourceStartException>(() => builder.Build());

        Assert.Contains($"TelemetryLimits.{setting}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resource_name_must_be_lowercase_and_unique()
    {
        var builder = Testing.DistributedApplicationTestingBuilder.Create();
        Assert.Throws<ArgumentException>(() => builder.AddRedis("Redis"));
        builder.AddRedis("cache");
        Assert.Throws<InvalidOperationException>(() => builder.AddRabbitMQ("cache"));
    }
}
