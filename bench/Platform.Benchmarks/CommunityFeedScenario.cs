using Npgsql;
using Platform.Hosting;
using Platform.Hosting.Testing;
using StackExchange.Redis;

namespace Platform.Benchmarks;

/// <summary>
/// The Community service's public Atom feed (the newest 50 of 1,000 published items) at 500
/// requests/s, open-loop, over HTTP/1.1 without a token, asking for gzip as feed readers do (and
/// once without); baseline: a Redis GET of the same cached bytes straight from the harness. Also the feed rebuilt from the database on every
/// request (the cache invalidated before each call) at 50 requests/s, to show what the cache saves.
/// </summary>
internal sealed class CommunityFeedScenario : IScenario
{
    private const int Items = 1000;
    private const int Rate = 500;
    private const int UncachedRate = 50;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    public string Name => "community-feed";

    public string Description => "public Atom feed of the newest 50 news items at 500 req/s, cached, against a Redis GET (p50, p99)";

    public async Task<BenchReport> RunAsync(int iterations)
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var database = builder.AddPostgres("postgres").AddDatabase("communitydb");
        builder.AddProject<Projects.Platform_Community>("community")
            .WithReference(database).WithReference(redis).WithReference(rabbitmq)
            .WaitFor(database).WaitFor(redis).WaitFor(rabbitmq)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production");
        await using var app = builder.Build();
        await app.StartAsync();
        await app.WaitForResourceHealthyAsync("community");
        await SeedAsync(database.Resource.ConnectionString);

        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip }) { BaseAddress = app.GetEndpoint("community") };
        using var plain = app.CreateHttpClient("community");
        var feed = new Uri("/news/feed.atom", UriKind.Relative);
        var bytes = await plain.GetByteArrayAsync(feed);
        var size = bytes.Length;
        await using var cache = await ConnectionMultiplexer.ConnectAsync(app.GetConnectionString("redis"));
        // The baseline's own copy of the feed's bytes: the service's entry lives only half the
        // feed's max-age (30 s), so it may be gone in the middle of a baseline run.
        var key = (RedisKey)"bench:community-feed";
        await cache.GetDatabase().StringSetAsync(key, bytes);
        var generation = (RedisKey)"community:news:feed-generation";

        // Warm-up: JIT, connections, the cache entry.
        await LoadGenerator.RunAtRateAsync(Rate, TimeSpan.FromSeconds(5), () => GetAsync(http, feed));

        var cached = new List<LoadResult>();
        var redisGets = new List<LoadResult>();
        var uncompressed = new List<LoadResult>();
        var rebuilt = new List<LoadResult>();
        for (var i = 0; i < iterations; i++)
        {
            redisGets.Add(await LoadGenerator.RunAtRateAsync(Rate, Duration, async () => await cache.GetDatabase().StringGetAsync(key)));
            cached.Add(await LoadGenerator.RunAtRateAsync(Rate, Duration, () => GetAsync(http, feed)));
            uncompressed.Add(await LoadGenerator.RunAtRateAsync(Rate, Duration, () => GetAsync(plain, feed)));
        }

        // Rebuilt: a new generation before each request (not timed: the harness's own Redis call), so each misses the cache.
        for (var i = 0; i < iterations; i++)
        {
            rebuilt.Add(await LoadGenerator.RunAtRateAsync(UncachedRate, TimeSpan.FromSeconds(10), () => GetAsync(http, feed), before: () => cache.GetDatabase().StringIncrementAsync(generation)));
        }

        return new BenchReport(Name, BenchArguments.MachineDescription() + $", {Items:N0} published items, feed of 50 = {size / 1024.0:F0} KiB, {Duration.TotalSeconds:0} s per run", [
            new($"Atom feed (cached) p50 at {Rate}/s", BenchArguments.Median(cached.Select(r => r.P50Milliseconds)), "ms", "Redis GET of the feed", BenchArguments.Median(redisGets.Select(r => r.P50Milliseconds))),
            new($"Atom feed (cached) p99 at {Rate}/s (target <= 10)", BenchArguments.Median(cached.Select(r => r.P99Milliseconds)), "ms", "Redis GET of the feed", BenchArguments.Median(redisGets.Select(r => r.P99Milliseconds)), Target: 10),
            new($"Atom feed (cached) without gzip p50 at {Rate}/s", BenchArguments.Median(uncompressed.Select(r => r.P50Milliseconds)), "ms"),
            new($"Atom feed (cached) without gzip p99 at {Rate}/s", BenchArguments.Median(uncompressed.Select(r => r.P99Milliseconds)), "ms"),
            new($"Atom feed rebuilt from the database p50 at {UncachedRate}/s", BenchArguments.Median(rebuilt.Select(r => r.P50Milliseconds)), "ms"),
            new($"Atom feed rebuilt from the database p99 at {UncachedRate}/s", BenchArguments.Median(rebuilt.Select(r => r.P99Milliseconds)), "ms"),
        ]);
    }

    private static async Task GetAsync(HttpClient http, Uri feed)
    {
        using var response = await http.GetAsync(feed);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>1,000 published items straight into the service's table (the set-up, not the measurement), bodies of about 2 KiB.</summary>
    private static async Task SeedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand($"""
            INSERT INTO news_items ("Id", "Title", "Summary", "Body", "Tags", "PartnerIds", "Status", "PublishedAt", "RetractionReason", "CreatedBy", "CreatedAt", "UpdatedAt", "Version")
            SELECT gen_random_uuid(), 'Climate news ' || i, 'What happened in week ' || i, repeat('Civil servants *accelerate* the transition. ', 50),
                   ARRAY['Vision first', 'Accelerate'], ARRAY[]::uuid[], 'Published', now() - i * interval '1 hour', '', 'bench', now(), now(), 1
            FROM generate_series(1, {Items}) AS i;
            ANALYZE news_items;
            """, connection);
        await seed.ExecuteNonQueryAsync();
    }
}
