using Platform.Hosting.Infrastructure;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>Files that hold a password are readable by their owner only, from the moment they exist.</summary>
public sealed class CredentialFileTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task The_password_file_initdb_reads_is_never_readable_by_others()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPostgres("postgres");
        await using var app = builder.Build();
        var passwordFile = Path.Combine(app.Options.DataDirectory, "postgres", "initdb.pw");

        var start = app.StartAsync(TestContext.Current.CancellationToken);
        var seen = new HashSet<UnixFileMode>();
        while (!start.IsCompleted)
        {
            try
            {
                seen.Add(File.GetUnixFileMode(passwordFile));
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Not written yet, or already removed.
            }

            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        await start;
        Assert.Equal([OwnerOnly], seen);
    }

    [Fact]
    public void A_kept_credential_that_others_can_read_is_restricted_to_its_owner_when_read()
    {
        var folder = Directory.CreateTempSubdirectory("platform-test-secret-").FullName;
        try
        {
            // A password or signing key copied in by hand, with the umask's 0644.
            var kept = Path.Combine(folder, "signing-key");
            File.WriteAllText(kept, "kept-secret");
            File.SetUnixFileMode(kept, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            var secret = Secrets.GetOrCreate(folder, "signing-key");

            Assert.Equal("kept-secret", secret);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(kept));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_credential_file_is_created_for_its_owner_only_and_an_older_one_is_restricted_when_rewritten()
    {
        var folder = Directory.CreateTempSubdirectory("platform-test-secret-").FullName;
        try
        {
            var created = Path.Combine(folder, "created");
            var rewritten = Path.Combine(folder, "rewritten");
            File.WriteAllText(rewritten, "old");
            File.SetUnixFileMode(rewritten, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            Secrets.WriteOwnerOnly(created, "s3cret");
            Secrets.WriteOwnerOnly(rewritten, "new");
            var generated = Secrets.GetOrCreate(Path.Combine(folder, "redis"), "password");

            Assert.Equal(OwnerOnly, File.GetUnixFileMode(created));
            Assert.Equal("s3cret", File.ReadAllText(created));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(rewritten));
            Assert.Equal("new", File.ReadAllText(rewritten));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(folder, "redis", "password")));
            Assert.Equal(generated, Secrets.GetOrCreate(Path.Combine(folder, "redis"), "password"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
