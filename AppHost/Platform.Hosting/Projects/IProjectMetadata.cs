namespace Platform.Hosting;

/// <summary>
/// A .NET project the AppHost references; the AppHost's build generates one class per
/// referenced project in the <c>Projects</c> namespace, as Aspire does.
/// </summary>
public interface IProjectMetadata
{
    /// <summary>The .csproj file.</summary>
    string ProjectPath { get; }

    /// <summary>The built assembly the project is launched from.</summary>
    string TargetPath { get; }
}
