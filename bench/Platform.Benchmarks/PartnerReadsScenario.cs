using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;
using Platform.Contracts.Partner.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;
using StackExchange.Redis;

namespace Platform.Benchmarks;

/// <summary>
/// The Partner service's reads with 100,000 organizations in its database: a cached
/// GetOrganization at 1,000 requests/s (baseline: the same Redis GET straight from the
/// harness), and a page of 50 with a text filter (baseline: the same SQL straight from the
/// harness). Open-loop load (calls sent on schedule, not waiting for earlier answers).
/// </summary>
internal sealed class PartnerReadsScenario : IScenario
{
    private const int Organizations = 100_000;
    private const int GetRate = 1000;
    private const int ListRate = 50;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    public string Name => "partner-reads";

    public string Description => "cached GetOrganization at 1,000 req/s and a filtered page of 50 over 100,000 organizations (p50, p99)";

    public async Task<BenchReport> RunAsync(int iterations)
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var database = builder.AddPostgres("postgres").AddDatabase("partnerdb");
        builder.AddProject<Projects.Platform_Partner>("partner")
            .WithReference(database).WithReference(redis).WithReference(rabbitmq)
            .WaitFor(database).WaitFor(redis).WaitFor(rabbitmq)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production");
        await using var app = builder.Build();
        await app.StartAsync();
        await app.WaitForResourceHealthyAsync("partner");

        await SeedAsync(database.Resource.ConnectionString);
        using var channel = GrpcChannel.ForAddress(app.GetEndpoint("partner", "grpc"));
        var client = new PartnerService.PartnerServiceClient(channel);
        var headers = new Metadata { { "Authorization", "Bearer " + app.Tokens.CreateOperatorToken() } };
        var organization = await client.RegisterOrganizationAsync(new RegisterOrganizationRequest { Name = "Gemeente Bench", Sector = Sector.Government, Region = "Utrecht" }, headers);
        var get = new GetOrganizationRequest { Id = organization.Id };
        var list = new ListOrganizationsRequest { Text = "utrecht", PageSize = 50 };
        await using var cache = await ConnectionMultiplexer.ConnectAsync(app.GetConnectionString("redis"));
        var key = (RedisKey)("partner:organization:" + Guid.Parse(organization.Id).ToString("N"));
        await using var dataSource = NpgsqlDataSource.Create(database.Resource.ConnectionString);

        // Warm-up: JIT, connection pools, the cache entry.
        await LoadGenerator.RunAtRateAsync(GetRate, TimeSpan.FromSeconds(5), async () => await client.GetOrganizationAsync(get, headers));
        await LoadGenerator.RunAtRateAsync(ListRate, TimeSpan.FromSeconds(5), async () => await client.ListOrganizationsAsync(list, headers));

        var gets = new List<LoadResult>();
        var redisGets = new List<LoadResult>();
        var lists = new List<LoadResult>();
        var sqlLists = new List<LoadResult>();
        for (var i = 0; i < iterations; i++)
        {
            redisGets.Add(await LoadGenerator.RunAtRateAsync(GetRate, Duration, async () => await cache.GetDatabase().StringGetAsync(key)));
            gets.Add(await LoadGenerator.RunAtRateAsync(GetRate, Duration, async () => await client.GetOrganizationAsync(get, headers)));
            sqlLists.Add(await LoadGenerator.RunAtRateAsync(ListRate, Duration, () => ListBySqlAsync(dataSource)));
            lists.Add(await LoadGenerator.RunAtRateAsync(ListRate, Duration, async () => await client.ListOrganizationsAsync(list, headers)));
        }

        return new BenchReport(Name, BenchArguments.MachineDescription() + $", {Organizations:N0} organizations, {Duration.TotalSeconds:0} s per run", [
            new($"GetOrganization (cached) p50 at {GetRate}/s", BenchArguments.Median(gets.Select(r => r.P50Milliseconds)), "ms", "Redis GET", BenchArguments.Median(redisGets.Select(r => r.P50Milliseconds))),
            new($"GetOrganization (cached) p99 at {GetRate}/s (target <= 5)", BenchArguments.Median(gets.Select(r => r.P99Milliseconds)), "ms", "Redis GET", BenchArguments.Median(redisGets.Select(r => r.P99Milliseconds)), Target: 5),
            new($"ListOrganizations, text filter, page of 50, p50 at {ListRate}/s", BenchArguments.Median(lists.Select(r => r.P50Milliseconds)), "ms", "same SQL", BenchArguments.Median(sqlLists.Select(r => r.P50Milliseconds))),
            new($"ListOrganizations, text filter, page of 50, p99 at {ListRate}/s (target <= 50)", BenchArguments.Median(lists.Select(r => r.P99Milliseconds)), "ms", "same SQL", BenchArguments.Median(sqlLists.Select(r => r.P99Milliseconds)), Target: 50),
        ]);
    }

    /// <summary>100,000 organizations straight into the service's table (the set-up, not the measurement); 1 in 20 in Utrecht's names.</summary>
    private static async Task SeedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand($"""
            INSERT INTO organizations ("Id", "Name", "UniqueKey", "Sector", "Region", "EmployeeCount", "Website", "Stage", "RegisteredAt", "Version")
            SELECT gen_random_uuid(),
                   name, lower(name) || '|nl', (ARRAY['Government','Education','Business','Nonprofit'])[1 + i % 4], 'NL', i % 5000, '',
                   (ARRAY['Lead','Contacted','Proposal','Partner','Alumni','Lost'])[1 + i % 6], now(), 1
            FROM (SELECT i, CASE WHEN i % 20 = 0 THEN 'Gemeente Utrecht wijk ' ELSE 'Organisatie ' END || i || ' ' || md5(i::text) AS name
                  FROM generate_series(1, {Organizations}) AS i) AS seed;
            ANALYZE organizations;
            """, connection) { CommandTimeout = 300 };
        await seed.ExecuteNonQueryAsync();
    }

    private static async Task ListBySqlAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""SELECT * FROM organizations WHERE "Name" ILIKE '%utrecht%' ORDER BY "Id" DESC LIMIT 51""");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }
}
