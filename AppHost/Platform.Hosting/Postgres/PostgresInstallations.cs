namespace Platform.Hosting;

/// <summary>Which of the installed PostgreSQL servers (Debian keeps each major in <c>&lt;root&gt;/&lt;major&gt;/bin</c>) runs a cluster.</summary>
internal static class PostgresInstallations
{
    /// <summary>Where Debian's packages install them.</summary>
    public const string Root = "/usr/lib/postgresql";

    /// <summary>
    /// The bin folder under <paramref name="root"/> for the cluster in <paramref name="clusterDirectory"/>
    /// (null: none yet); null when no PostgreSQL is installed there.
    /// </summary>
    public static string? BinDirectory(string root, string resource, string? clusterDirectory)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: d, Major: int.TryParse(Path.GetFileName(d), out var major) ? major : 0))
            .OrderByDescending(x => x.Major)
            .Select(x => Path.Combine(x.Dir, "bin"))
            .FirstOrDefault();
    }
}
