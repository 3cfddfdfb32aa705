using System.Net;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>Starting and stopping a part of the system on its own servers.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Stopping_leaves_no_process_behind_and_replicas_share_one_stable_endpoint()
    {
        var app = PartnerModel.Build(replicas: 2);
        var dataDirectory = app.Options.DataDirectory;
        List<int> pids;
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);

            var partner = app.ResourceNotifications.Get("partner");
            Assert.Equal(2, partner.ProcessIds.Distinct().Count());
            Assert.Equal(2, partner.HealthReports.Count);
            using var client = app.CreateHttpClient("partner");
            for (var i = 0; i < 4; i++)
            {
                // A new connection each time: the proxy spreads connections over the replicas.
                using var request = new HttpRequestMessage(HttpMethod.Get, "/health") { Headers = { ConnectionClose = true } };
                Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
            }

            pids = app.ResourceNotifications.GetAll().SelectMany(s => s.ProcessIds).ToList();

            // redis, rabbitmq (broker and its epmd), postgres, two replicas.
            Assert.Equal(6, pids.Count);
            Assert.All(pids, pid => Assert.True(TestProcesses.IsAlive(pid)));
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.All(pids, pid => Assert.False(TestProcesses.IsAlive(pid), $"process {pid} outlived the application"));
        Assert.Empty(TestProcesses.Mentioning(dataDirectory));
        Assert.All(app.ResourceNotifications.GetAll().Where(s => s.Type != "PostgresDatabase"), s => Assert.Equal(ResourceState.Exited, s.State));
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task Restarting_replicas_and_the_broker_gives_back_the_ports_they_held()
    {
        await using var app = PartnerModel.Build(replicas: 2);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var held = app.Context.Ports.HeldCount;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        for (var restart = 0; restart < 3; restart++)
        {
            await app.Orchestrator.RestartResourceAsync("rabbitmq");
            await app.Orchestrator.RestartResourceAsync("partner");
            await app.WaitForResourceAsync("rabbitmq", s => s.IsHealthy, timeout.Token);
            await app.WaitForResourceAsync("partner", s => s.IsHealthy && s.HealthReports.Count == 2, timeout.Token);
        }

        // Each restart chose new ports for the two replicas and for RabbitMQ's epmd and distribution.
        Assert.Equal(held, app.Context.Ports.HeldCount);
    }

    [Fact]
    public async Task Data_and_credentials_survive_a_restart_on_the_same_folder()
    {
        var folder = Directory.CreateTempSubdirectory("platform-test-keep-").FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        try
        {
            string firstConnection;
            await using (var first = BuildRedisAndPostgres(folder))
            {
                await first.StartAsync(TestContext.Current.CancellationToken);
                firstConnection = first.GetConnectionString("postgres");
                await TestDatabase.ExecuteAsync(first.GetConnectionString("appdb"), "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
            }

            await using var second = BuildRedisAndPostgres(folder);
            await second.StartAsync(TestContext.Current.CancellationToken);

            Assert.Equal(PasswordOf(firstConnection), PasswordOf(second.GetConnectionString("postgres")));
            Assert.Equal("still here", await TestDatabase.ScalarAsync(second.GetConnectionString("appdb"), "SELECT value FROM kept"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static DistributedApplication BuildRedisAndPostgres(string folder)
    {
        var builder = DistributedApplicationTestingBuilder.Create(o =>
        {
            o.DataDirectory = folder;
            o.Ephemeral = false;
        });
        builder.AddPostgres("postgres").AddDatabase("appdb");
        return builder.Build();
    }

    private static string PasswordOf(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Password!;
}
