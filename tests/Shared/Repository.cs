namespace Platform.Tests.Shared;

/// <summary>The repository a test was built from: the folder holding <c>Platform.sln</c>, found by walking up from the test's output folder.</summary>
/// <remarks>Compiled into each test project that reads committed files (docs, migrations, generated code).</remarks>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Platform.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Platform.sln.");
    }
}
