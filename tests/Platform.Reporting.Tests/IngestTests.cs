using System.Diagnostics;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>Taking events in: once per event, erasure, and the live summary on every replica.</summary>
[Collection(ReportingServers.Name)]
public sealed class IngestTests(ReportingFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_redelivered_event_is_taken_in_once()
    {
        var attendance = fixture.Scenario.RedeliveredAttendance;

        // The scenario published it twice; here a third time, after everything settled. Its inbox row is
        // the first delivery's: what shows this one was taken in is the inbox telling it apart.
        var published = DateTimeOffset.UtcNow;
        await fixture.Publisher.PublishAsync(attendance, Cancel);
        await Eventually.ReachesAsync(
            () => Task.FromResult(fixture.App.ResourceLogs.Tail("reporting").Count(l => l.Timestamp >= published && l.Text.Contains($"Message {attendance.EventId} already consumed", StringComparison.OrdinalIgnoreCase))),
            n => n >= 1);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM journal WHERE \"EventId\" = $1", attendance.EventId));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM attendances WHERE \"RegistrationId\" = $1", attendance.RegistrationId));
        Assert.Equal(6, (await fixture.Analyst.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: Cancel)).Attendances);
    }

    [Fact]
    public async Task The_inbox_remembers_a_consumed_event_under_a_consumer_name_that_a_new_contracts_version_keeps()
    {
        var attendance = fixture.Scenario.RedeliveredAttendance;

        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database);
        await connection.OpenAsync(Cancel);
        await using var command = new Npgsql.NpgsqlCommand("SELECT consumer FROM inbox_messages WHERE message_id = $1", connection) { Parameters = { new() { Value = attendance.EventId } } };
        var consumers = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                consumers.Add(reader.GetString(0));
            }
        }

        // A redelivery is recognised by this name: one with the contracts assembly's version in it
        // would not recognise a message consumed before a build with a new version.
        Assert.Equal(["Platform.Reporting.Ingest.EventConsumer<Platform.Contracts.Events.ParticipantAttended>"], consumers);
    }

    [Fact]
    public async Task Erasure_removes_the_professional_from_every_read_model_and_the_journal()
    {
        var p2 = Scenario.P(2);

        foreach (var (table, column) in new[] { ("reach_ledger", "ProfessionalId"), ("attendances", "ProfessionalId"), ("registrations", "ProfessionalId"), ("feedback", "ProfessionalId"), ("actions", "OwnerProfessionalId"), ("members", "ProfessionalId"), ("journal", "ProfessionalId") })
        {
            Assert.Equal(0, await fixture.ScalarAsync($"SELECT count(*) FROM {table} WHERE \"{column}\" = $1", p2));
        }

        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM journal WHERE \"Body\"::text LIKE '%' || $1 || '%'", p2));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM journal WHERE \"Body\"::text ILIKE '%p2@example.nl%' OR \"Body\"::text LIKE '%Professional 2%' OR \"Body\"::text LIKE '%Name of " + p2[..6] + "%'"));
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM feedback WHERE \"Comment\" LIKE '%p2@example.nl%'"));

        // The pseudonym is one and the same everywhere, so what p2 did still counts once.
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(DISTINCT \"ProfessionalId\") FROM registrations WHERE \"ProfessionalId\" LIKE 'erased-%'"));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT count(*) FROM reach_ledger WHERE \"ProfessionalId\" LIKE 'erased-%'"));
    }

    [Fact]
    public async Task A_phase_named_as_long_as_the_manual_allows_is_taken_in_and_counted()
    {
        // The Experience Manual accepts phase names of up to 200 characters; the phase name is the counter's dimension.
        var name = string.Concat(Enumerable.Repeat("Diagnosis of energy, water, waste and mobility at the town hall; ", 4))[..200];
        var phase = new PhaseCompleted { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-06-14T15:00:00Z"), ExperienceId = Guid.NewGuid(), FormatId = Guid.NewGuid(), FormatVersion = 1, PhaseNumber = 1, PhaseName = name, SkippedSteps = ["Baseline measurement"] };

        await fixture.Publisher.PublishAsync(phase, Cancel);

        await Eventually.ReachesAsync(() => fixture.ScalarAsync("SELECT count(*) FROM journal WHERE \"EventId\" = $1", phase.EventId), n => n == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT sum(\"Value\") FROM figures WHERE \"Metric\" = 'phases_completed' AND \"Dimension\" = $1", name));
        Assert.Equal(1, await fixture.ScalarAsync("SELECT sum(\"Value\") FROM figures WHERE \"Metric\" = 'steps_skipped' AND \"Dimension\" = $1", name));
        Assert.DoesNotContain(await EventSubscriber.PeekAsync(fixture.App.GetConnectionString("rabbitmq"), "reporting-phase-completed_error", Cancel), m => m.Body.Contains(phase.EventId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_replica_pushes_a_fresh_summary_within_a_second_of_a_change()
    {
        using var watchers = await WatchOnTwoReplicasAsync();
        var groups = watchers.Groups;

        var clock = Stopwatch.StartNew();
        await fixture.Publisher.PublishAsync(NewGroup(), Cancel);
        var latencies = await watchers.PushedAsync(groups + 1, clock);

        Assert.All(latencies, latency => Assert.True(latency < TimeSpan.FromSeconds(1), $"pushed after {latency.TotalMilliseconds:0} ms"));
    }

    [Fact]
    public async Task After_Redis_stopped_answering_for_a_while_every_replica_still_pushes_a_fresh_summary_within_a_second()
    {
        // Each replica announces its changes on Redis. While Redis is up but silent, an announcement
        // waits out the client's timeout, which throws a TimeoutException; that used to end the
        // announcing loop for the rest of the process's life, so the other replicas learnt of its
        // changes only from their 15-second refresh.
        using var watchers = await WatchOnTwoReplicasAsync();
        var groups = watchers.Groups;

        using (fixture.App.Freeze("redis"))
        {
            // Several events, so that both replicas take some in and try to announce them.
            for (var i = 0; i < 4; i++)
            {
                await fixture.Publisher.PublishAsync(NewGroup(), Cancel);
            }

            await Task.Delay(TimeSpan.FromSeconds(8), Cancel);
        }

        // The announcements held up in the frozen Redis arrive now and wake every replica, some
        // twice; let those wakes pass, or one of them would pick the next change up by chance.
        var settled = Stopwatch.StartNew();
        await watchers.PushedAsync(groups + 4, settled, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        var clock = Stopwatch.StartNew();
        await fixture.Publisher.PublishAsync(NewGroup(), Cancel);
        var latencies = await watchers.PushedAsync(groups + 5, clock);

        Assert.All(latencies, latency => Assert.True(latency < TimeSpan.FromSeconds(1), $"pushed after {latency.TotalMilliseconds:0} ms"));
    }

    [Fact]
    public async Task Bad_requests_name_the_field()
    {
        var noMetric = await Assert.ThrowsAsync<RpcException>(() => fixture.Analyst.GetTimeSeriesAsync(new GetTimeSeriesRequest { Interval = Interval.Day, From = "2026-01-01", To = "2026-01-31" }, cancellationToken: Cancel).ResponseAsync);
        var backwards = await Assert.ThrowsAsync<RpcException>(() => fixture.Analyst.GetTimeSeriesAsync(new GetTimeSeriesRequest { Metric = Metric.Reached, Interval = Interval.Day, From = "2026-02-01", To = "2026-01-31" }, cancellationToken: Cancel).ResponseAsync);
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => fixture.Analyst.GetTimeSeriesAsync(new GetTimeSeriesRequest { Metric = Metric.Reached, Interval = Interval.Day, From = "2020-01-01", To = "2026-01-31" }, cancellationToken: Cancel).ResponseAsync);
        var both = await Assert.ThrowsAsync<RpcException>(() => fixture.Analyst.GetFunnelAsync(new GetFunnelRequest { ExperienceId = Guid.NewGuid().ToString(), PartnerId = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);
        var notAnId = await Assert.ThrowsAsync<RpcException>(() => fixture.Analyst.GetPartnerReportAsync(new GetPartnerReportRequest { PartnerId = "gemeente-utrecht" }, cancellationToken: Cancel).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => fixture.Analyst.GetPartnerReportAsync(new GetPartnerReportRequest { PartnerId = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(["metric"], Fields(noMetric));
        Assert.Equal(["to"], Fields(backwards));
        Assert.Equal(["to"], Fields(tooLong));
        Assert.Equal(["partner_id"], Fields(both));
        Assert.Equal(["partner_id"], Fields(notAnId));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Rebuilding_needs_the_write_scope()
    {
        var reader = fixture.Client(fixture.App.Tokens.Create("reader", ["reporting.read"], TimeSpan.FromMinutes(5)));

        var denied = await Assert.ThrowsAsync<RpcException>(() => reader.RebuildReadModelsAsync(new RebuildReadModelsRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    private static string[] Fields(RpcException exception)
    {
        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        return exception.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToArray();
    }

    /// <summary>The impact summary watched on two different replicas.</summary>
    private async Task<TwoWatchers> WatchOnTwoReplicasAsync()
    {
        var (first, second) = await fixture.TwoReplicasAsync();
        var one = first.WatchImpactSummary(new WatchImpactSummaryRequest(), cancellationToken: Cancel);
        var two = second.WatchImpactSummary(new WatchImpactSummaryRequest(), cancellationToken: Cancel);
        Assert.True(await one.ResponseStream.MoveNext(Cancel));
        Assert.True(await two.ResponseStream.MoveNext(Cancel));
        return new TwoWatchers(one, two, one.ResponseStream.Current.Community.Groups);
    }

    private static GroupFormed NewGroup() =>
        new() { EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow, GroupId = Guid.NewGuid(), Name = "Intervision 1", Kind = "Intervision", MemberIds = [] };

    private static async Task<TimeSpan> NextWithGroupsAsync(AsyncServerStreamingCall<ImpactSummary> call, long groups, Stopwatch clock, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(within ?? TimeSpan.FromSeconds(10));
        while (await call.ResponseStream.MoveNext(timeout.Token))
        {
            if (call.ResponseStream.Current.Community.Groups == groups)
            {
                return clock.Elapsed;
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }

    /// <summary>Two replicas' summary streams, and the groups counted when they began.</summary>
    private sealed class TwoWatchers(AsyncServerStreamingCall<ImpactSummary> one, AsyncServerStreamingCall<ImpactSummary> two, long groups) : IDisposable
    {
        public long Groups => groups;

        /// <summary>How long after <paramref name="clock"/> started each replica pushed a summary counting <paramref name="count"/> groups.</summary>
        public Task<TimeSpan[]> PushedAsync(long count, Stopwatch clock, TimeSpan? within = null) =>
            Task.WhenAll(NextWithGroupsAsync(one, count, clock, within), NextWithGroupsAsync(two, count, clock, within));

        public void Dispose()
        {
            one.Dispose();
            two.Dispose();
        }
    }
}
