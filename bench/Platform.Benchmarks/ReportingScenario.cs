using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Npgsql;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Benchmarks;

/// <summary>
/// The Reporting service with 1,000,000 professionals in its reach ledger: GetImpactSummary at
/// 1,000 requests/s, open loop (baseline: GetServiceInfo, the same gRPC call path with nothing
/// behind it; and for contrast what one COUNT(*) over the ledger costs). Then ingest: registrations
/// and attendances of new professionals published into RabbitMQ, timed from the first publish to
/// the last event in the journal (baseline: the same events published only, the broker's pace).
/// </summary>
internal sealed class ReportingScenario : IScenario
{
    private const int Professionals = 1_000_000;
    private const int SummaryRate = 1000;
    private const int IngestProfessionals = 10_000;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    public string Name => "reporting";

    public string Description => "GetImpactSummary at 1,000 req/s over 1,000,000 reached professionals (p50, p99); ingest of 20,000 events (events/s)";

    public async Task<BenchReport> RunAsync(int iterations)
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var database = builder.AddPostgres("postgres").AddDatabase("reportingdb");
        builder.AddProject<Projects.Platform_Reporting>("reporting")
            .WithReference(database).WithReference(redis).WithReference(rabbitmq)
            .WaitFor(database).WaitFor(redis).WaitFor(rabbitmq)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production");
        await using var app = builder.Build();
        await app.StartAsync();
        await app.WaitForResourceHealthyAsync("reporting");
        await SeedAsync(database.Resource.ConnectionString);

        using var channel = GrpcChannel.ForAddress(app.GetEndpoint("reporting", "grpc"));
        var client = new ReportingService.ReportingServiceClient(channel);
        var headers = new Metadata { { "Authorization", "Bearer " + app.Tokens.Create("bench", ["reporting.read"], TimeSpan.FromHours(2)) } };
        var bus = Bus.Factory.CreateUsingRabbitMq(r => r.Host(new Uri(app.GetConnectionString("rabbitmq")), h => h.PublisherConfirmation = true));
        await bus.StartAsync();
        try
        {
            // One event tells the service its figures changed: the seeded ledger shows in the summary.
            await bus.Publish(new NewsPublished { EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow, NewsItemId = Guid.NewGuid(), Title = "Bench", Url = "https://example.nl", Tags = [], PartnerIds = [] });
            while ((await client.GetImpactSummaryAsync(new GetImpactSummaryRequest(), headers)).ProfessionalsReached < Professionals)
            {
                await Task.Delay(100);
            }

            return await MeasureAsync(iterations, client, headers, bus, database.Resource.ConnectionString);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private async Task<BenchReport> MeasureAsync(int iterations, ReportingService.ReportingServiceClient client, Metadata headers, IBusControl bus, string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await LoadGenerator.RunAtRateAsync(SummaryRate, TimeSpan.FromSeconds(5), async () => await client.GetImpactSummaryAsync(new GetImpactSummaryRequest(), headers));
        var summaries = new List<LoadResult>();
        var infos = new List<LoadResult>();
        var counts = new List<LoadResult>();
        var ingests = new List<double>();
        var publishes = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            infos.Add(await LoadGenerator.RunAtRateAsync(SummaryRate, Duration, async () => await client.GetServiceInfoAsync(new GetServiceInfoRequest(), headers)));
            summaries.Add(await LoadGenerator.RunAtRateAsync(SummaryRate, Duration, async () => await client.GetImpactSummaryAsync(new GetImpactSummaryRequest(), headers)));
            counts.Add(await LoadGenerator.RunAtRateAsync(2, TimeSpan.FromSeconds(10), () => CountLedgerAsync(dataSource)));
            var (ingested, published) = await IngestAsync(bus, dataSource);
            ingests.Add(ingested);
            publishes.Add(published);
        }

        return new BenchReport(Name, BenchArguments.MachineDescription() + $", {Professionals:N0} professionals in the ledger, {Duration.TotalSeconds:0} s per run", [
            new($"GetImpactSummary p50 at {SummaryRate}/s", BenchArguments.Median(summaries.Select(r => r.P50Milliseconds)), "ms", "GetServiceInfo", BenchArguments.Median(infos.Select(r => r.P50Milliseconds))),
            new($"GetImpactSummary p99 at {SummaryRate}/s (target <= 5)", BenchArguments.Median(summaries.Select(r => r.P99Milliseconds)), "ms", "GetServiceInfo", BenchArguments.Median(infos.Select(r => r.P99Milliseconds)), Target: 5),
            new("COUNT(*) over the reach ledger (what the counters avoid), p50", BenchArguments.Median(counts.Select(r => r.P50Milliseconds)), "ms"),
            new($"Ingest of {IngestProfessionals * 2:N0} events (target >= 2,000)", BenchArguments.Median(ingests), "events/s", "publish only", BenchArguments.Median(publishes), LowerBound: 2000),
        ]);
    }

    /// <summary>Registrations and attendances of new professionals; returns (taken in per second, published per second).</summary>
    private static async Task<(double Ingested, double Published)> IngestAsync(IBusControl bus, NpgsqlDataSource dataSource)
    {
        var before = await JournalCountAsync(dataSource);
        var events = Enumerable.Range(0, IngestProfessionals).SelectMany(Participant).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (evt, ct) =>
            await bus.Publish(evt, evt.GetType(), Pipe.Execute<PublishContext>(c => c.MessageId = evt.EventId), ct));
        var published = events.Count / clock.Elapsed.TotalSeconds;
        while (await JournalCountAsync(dataSource) < before + events.Count)
        {
            await Task.Delay(20);
        }

        return (events.Count / clock.Elapsed.TotalSeconds, published);
    }

    private static IEnumerable<IIntegrationEvent> Participant(int number)
    {
        var professional = Platform.Contracts.Events.Professionals.IdOf($"bench-{Guid.NewGuid():N}-{number}@example.nl");
        var experience = Guid.Parse("00000000-0000-4000-8000-000000000001");
        var session = Guid.Parse("00000000-0000-4000-8000-000000000002");
        var registration = Guid.NewGuid();
        var startsAt = new DateTimeOffset(2026, 3, 1, 18, 0, 0, TimeSpan.Zero).AddDays(number % 60);
        yield return new ParticipantRegistered { EventId = Guid.NewGuid(), OccurredAt = startsAt.AddDays(-7), RegistrationId = registration, ExperienceId = experience, SessionId = session, ProfessionalId = professional, FullName = "Bench " + number, Email = $"bench{number}@example.nl", FromWaitlist = false };
        yield return new ParticipantAttended { EventId = Guid.NewGuid(), OccurredAt = startsAt.AddHours(3), RegistrationId = registration, ExperienceId = experience, SessionId = session, ProfessionalId = professional, ExperienceKind = "Screening", HostPartnerIds = [Guid.Empty], SessionStartsAt = startsAt, HoursAttended = 2.5 };
    }

    private static async Task<long> JournalCountAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM journal");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task CountLedgerAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM reach_ledger");
        await command.ExecuteScalarAsync();
    }

    /// <summary>1,000,000 professionals first reached over four years straight into the ledger, with their counters (the set-up, not the measurement).</summary>
    private static async Task SeedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand($"""
            INSERT INTO reach_ledger ("ProfessionalId", "FirstReachedAt", "FirstReachDay", "Channel", "ExperienceId", "PartnerId")
            SELECT encode(sha256(('seed-' || i)::bytea), 'hex'), day + time '19:00', day,
                   (ARRAY['Screening','RoundTable','Webinar','Event','Trajectory','Programme'])[1 + i % 6], gen_random_uuid(), NULL
            FROM (SELECT i, date '2022-10-01' + (i % 1460) AS day FROM generate_series(1, {Professionals}) AS i) AS seed;
            INSERT INTO figures ("Metric", "Dimension", "Day", "Stripe", "Value")
            SELECT 'reached', "Channel", "FirstReachDay", 0, count(*) FROM reach_ledger GROUP BY "Channel", "FirstReachDay";
            INSERT INTO figures ("Metric", "Dimension", "Day", "Stripe", "Value")
            SELECT 'attendances', "Metric_Dimension", "Day", 0, "Value" FROM (SELECT "Dimension" AS "Metric_Dimension", "Day", "Value" FROM figures WHERE "Metric" = 'reached') AS reached;
            ANALYZE reach_ledger; ANALYZE figures;
            """, connection) { CommandTimeout = 600 };
        await seed.ExecuteNonQueryAsync();
    }
}
