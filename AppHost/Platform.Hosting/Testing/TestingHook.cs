namespace Platform.Hosting.Testing;

/// <summary>
/// Lets a test run an AppHost's entry point up to <c>Build()</c>: the builder is created with test
/// options and handed to the test instead of being run, as Aspire's testing builder does.
/// </summary>
internal sealed class TestingHook(Func<string[], DistributedApplicationOptions> createOptions)
{
    private static readonly AsyncLocal<TestingHook?> CurrentHook = new();

    public static TestingHook? Current
    {
        get => CurrentHook.Value;
        set => CurrentHook.Value = value;
    }

    public DistributedApplicationBuilder? Captured { get; private set; }

    public DistributedApplicationOptions CreateOptions(string[] args) => createOptions(args);

    public bool Intercept(DistributedApplicationBuilder builder)
    {
        Captured = builder;
        return true;
    }
}

/// <summary>Ends an AppHost's entry point once the test has its builder.</summary>
internal sealed class EntryPointInterceptedException : Exception
{
    public EntryPointInterceptedException()
        : base("The AppHost's entry point was stopped at Build() by the testing builder.")
    {
    }
}
