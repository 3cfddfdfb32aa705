using System.Reflection;

namespace Platform.Hosting.Testing;

/// <summary>
/// The counterpart of Aspire's <c>DistributedApplicationTestingBuilder</c>: an app model (or the
/// AppHost's own) with random ports, a temporary data folder removed on dispose, and no fsync.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>An empty app model with test settings, for tests that need part of the system.</summary>
    public static IDistributedApplicationBuilder Create(Action<DistributedApplicationOptions>? configure = null)
    {
        var options = TestOptions([]);
        configure?.Invoke(options);
        return new DistributedApplicationBuilder(options);
    }

    /// <summary>The app model declared by the AppHost that contains <typeparamref name="TEntryPoint"/>, with test settings.</summary>
    public static IDistributedApplicationBuilder CreateFromAppHost<TEntryPoint>(string[]? args = null, Action<DistributedApplicationOptions>? configure = null)
    {
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");
        var hook = new TestingHook(a =>
        {
            var options = TestOptions(a);
            configure?.Invoke(options);
            return options;
        });

        var previous = TestingHook.Current;
        TestingHook.Current = hook;
        try
        {
            var parameters = entryPoint.GetParameters().Length == 0 ? null : new object[] { args ?? [] };
            entryPoint.Invoke(null, parameters);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is EntryPointInterceptedException)
        {
            // Expected: the entry point reached Build().
        }
        finally
        {
            TestingHook.Current = previous;
        }

        return hook.Captured ?? throw new InvalidOperationException("The AppHost's entry point returned without calling Build().");
    }

    private static DistributedApplicationOptions TestOptions(string[] args)
    {
        var options = DistributedApplicationOptions.FromArguments(args);
        // Created when the application is built, and removed when it is disposed.
        options.DataDirectory = Path.Combine(Path.GetTempPath(), "platform-test-" + Infrastructure.Secrets.Generate(8));
        options.DashboardPort = 0;
        options.OtlpPort = 0;
        options.Ephemeral = true;
        options.DashboardToken = Infrastructure.Secrets.Generate(16);
        return options;
    }
}
