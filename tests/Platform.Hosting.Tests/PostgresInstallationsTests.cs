namespace Platform.Hosting.Tests;

/// <summary>
/// With several PostgreSQL majors installed side by side, a cluster runs on the one that made it
/// (its PG_VERSION), a new cluster on the newest. The installations are laid out as Debian does,
/// in a temporary folder: <c>&lt;major&gt;/bin</c>.
/// </summary>
public sealed class PostgresInstallationsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("platform-test-pgroot-").FullName;
    private readonly string _cluster = Directory.CreateTempSubdirectory("platform-test-pgdata-").FullName;

    [Fact]
    public void An_existing_cluster_runs_on_the_installed_major_that_made_it_not_the_newest()
    {
        Install("15", "16");
        File.WriteAllText(Path.Combine(_cluster, "PG_VERSION"), "15\n");

        Assert.Equal(Path.Combine(_root, "15", "bin"), PostgresInstallations.BinDirectory(_root, "postgres", _cluster));
    }

    [Fact]
    public void A_new_cluster_runs_on_the_newest_installed_major()
    {
        Install("9", "15", "16");

        Assert.Equal(Path.Combine(_root, "16", "bin"), PostgresInstallations.BinDirectory(_root, "postgres", Path.Combine(_cluster, "data")));
    }

    [Fact]
    public void A_cluster_whose_major_is_not_installed_is_refused_naming_both_versions()
    {
        Install("15", "16");
        File.WriteAllText(Path.Combine(_cluster, "PG_VERSION"), "14\n");

        var refused = Assert.Throws<ResourceStartException>(() => PostgresInstallations.BinDirectory(_root, "postgres", _cluster));

        Assert.Equal("postgres", refused.Resource);
        Assert.Contains("made by PostgreSQL 14", refused.Cause, StringComparison.Ordinal);
        Assert.Contains("installed here: 16, 15", refused.Cause, StringComparison.Ordinal);
        Assert.DoesNotContain("--fresh", refused.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_installed_leaves_the_choice_to_the_installation()
    {
        File.WriteAllText(Path.Combine(_cluster, "PG_VERSION"), "15\n");

        Assert.Null(PostgresInstallations.BinDirectory(_root, "postgres", _cluster));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_cluster, recursive: true);
    }

    private void Install(params string[] majors)
    {
        foreach (var major in majors)
        {
            Directory.CreateDirectory(Path.Combine(_root, major, "bin"));
        }
    }
}
