using Platform.Hosting;

namespace Platform.Benchmarks;

/// <summary>
/// A variant of a service under test, from an environment variable of the harness holding
/// <c>NAME=value;...</c> settings (e.g. <c>BENCH_PARTNER_ENV="OTEL_SDK_DISABLED=true"</c> for the
/// cost without telemetry), to split a figure between its parts.
/// </summary>
internal static class BenchVariant
{
    public static IResourceBuilder<ProjectResource> WithVariant(this IResourceBuilder<ProjectResource> project, string variable)
    {
        foreach (var setting in (Environment.GetEnvironmentVariable(variable) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var nameAndValue = setting.Split('=', 2);
            project.WithEnvironment(nameAndValue[0], nameAndValue.Length > 1 ? nameAndValue[1] : string.Empty);
        }

        return project;
    }
}
