namespace Platform.Hosting;

/// <summary>Which of the installed PostgreSQL servers (Debian keeps each major in <c>&lt;root&gt;/&lt;major&gt;/bin</c>) runs a cluster.</summary>
internal static class PostgresInstallations
{
    /// <summary>Where Debian's packages install them.</summary>
    public const string Root = "/usr/lib/postgresql";

    /// <summary>
    /// The bin folder under <paramref name="root"/> for the cluster in <paramref name="clusterDirectory"/>:
    /// the major its PG_VERSION names (a server of another major refuses its files), the newest for a
    /// new cluster; null when no PostgreSQL is installed there. Throws, naming both versions, when the
    /// cluster's major is not installed.
    /// </summary>
    public static string? BinDirectory(string root, string resource, string? clusterDirectory)
    {
        var installed = InstalledMajors(root);
        if (installed.Count == 0)
        {
            return null;
        }

        var versionFile = clusterDirectory is null ? null : Path.Combine(clusterDirectory, "PG_VERSION");
        if (versionFile is null || !File.Exists(versionFile))
        {
            return BinOf(root, installed[0]);
        }

        var clusterMajor = File.ReadAllText(versionFile).Trim();
        if (installed.Contains(clusterMajor))
        {
            return BinOf(root, clusterMajor);
        }

        throw new ResourceStartException(resource, $"the cluster in {clusterDirectory} was made by PostgreSQL {clusterMajor} (its PG_VERSION), which is not installed (installed here: {string.Join(", ", installed)}, in {root}), and another major cannot read its files. Install PostgreSQL {clusterMajor} (sudo apt-get install -y postgresql-{clusterMajor}) or upgrade the cluster to {installed[0]} with pg_upgrade.");
    }

    /// <summary>The majors with a bin folder, newest first.</summary>
    private static List<string> InstalledMajors(string root) =>
        !Directory.Exists(root) ? [] : Directory.GetDirectories(root)
            .Select(Path.GetFileName)
            .Select(name => (Name: name!, Major: int.TryParse(name, out var major) ? major : -1))
            .Where(x => x.Major >= 0 && Directory.Exists(BinOf(root, x.Name)))
            .OrderByDescending(x => x.Major)
            .Select(x => x.Name)
            .ToList();

    private static string BinOf(string root, string major) => Path.Combine(root, major, "bin");
}
