using Platform.Hosting.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Platform.Messaging.Probe;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Messaging.Tests;

/// <summary>The transactional outbox and inbox against real PostgreSQL and RabbitMQ.</summary>
[Collection(MessagingServers.Name)]
public sealed class OutboxTests(MessagingFixture fixture)
{
    private const string ProbeExchange = "Platform.Messaging.Probe:ProbeChanged";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string NewAggregate(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task An_event_is_published_after_commit_and_never_after_a_rollback()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var aggregate = NewAggregate("order");

        await using (var scope = probe.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            await ProbeChanges.CommitAsync(db, aggregate, "committed", TimeProvider.System, Cancel);

            // Saved but not committed, for longer than the relay's poll interval: nothing goes out.
            await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);
            Assert.DoesNotContain(probe.Deliveries.Snapshot(), d => d.Message.AggregateId == aggregate);
            await transaction.CommitAsync(Cancel);
        }

        Guid rolledBack;
        await using (var scope = probe.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            rolledBack = (await ProbeChanges.CommitAsync(db, aggregate, "rolled back", TimeProvider.System, Cancel)).Id;
            await transaction.RollbackAsync(Cancel);
        }

        // Same aggregate, so it is published after anything the rollback could have left behind.
        await probe.ChangeAsync(aggregate, "after");
        var effects = await Eventually.ReachesAsync(() => probe.EffectsAsync(aggregate), e => e.Count >= 2, TimeSpan.FromSeconds(15));

        Assert.Equal(["committed", "after"], effects.Select(e => e.Value));
        Assert.DoesNotContain(probe.Deliveries.Snapshot(), d => d.Message.ChangeId == rolledBack);
    }

    [Fact]
    public async Task A_commit_wakes_the_relay_long_before_its_poll_interval()
    {
        var slowPoll = new Dictionary<string, string> { ["Messaging:Outbox:PollInterval"] = "00:01:00" };
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq, slowPoll);
        await probe.ChangeAsync(NewAggregate("warm-up"), "first");
        await Eventually.ReachesAsync(() => Task.FromResult(probe.Deliveries.Snapshot().Count), n => n >= 1, TimeSpan.FromSeconds(15));

        var aggregate = NewAggregate("prompt");
        var started = System.Diagnostics.Stopwatch.StartNew();
        await probe.ChangeAsync(aggregate, "wake up");
        await Eventually.ReachesAsync(() => Task.FromResult(probe.Deliveries.Snapshot().Count(d => d.Message.AggregateId == aggregate)), n => n == 1, TimeSpan.FromSeconds(15));

        // With a one-minute poll, only the commit notification explains a delivery within seconds.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"Delivered after {started.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Changes_committed_while_RabbitMQ_is_down_all_arrive_once_it_returns_with_one_effect_each()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        await probe.ChangeAsync(NewAggregate("warm-up"), "before");
        await Eventually.ReachesAsync(() => Task.FromResult(probe.Deliveries.Snapshot().Count), n => n >= 1, TimeSpan.FromSeconds(15));
        var prefix = NewAggregate("outage");

        await fixture.StopRabbitMqAsync();
        var down = System.Diagnostics.Stopwatch.StartNew();
        HealthReportEntry degraded;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancel }, async (i, ct) =>
            {
                await using var scope = probe.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
                await ProbeChanges.CommitAsync(db, $"{prefix}-{i % 50}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeProvider.System, ct);
            });
            await Task.Delay(TimeSpan.FromSeconds(10) - down.Elapsed, Cancel);
            degraded = await probe.OutboxHealthAsync();
            Assert.Empty(await probe.EffectsAsync(prefix));
        }
        finally
        {
            await fixture.StartRabbitMqAsync();
        }

        var effects = await Eventually.ReachesAsync(() => probe.EffectsAsync(prefix), e => e.Count >= 1000, TimeSpan.FromSeconds(120));
        var healthy = await Eventually.ReachesAsync(probe.OutboxHealthAsync, h => h.Status == HealthStatus.Healthy, TimeSpan.FromSeconds(10));
        var relayLog = probe.Logs.Messages(".OutboxRelay");

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("oldest unsent event", degraded.Description, StringComparison.Ordinal);
        // Every publish failed: the answer points at RabbitMQ, not at one aggregate's event.
        Assert.Contains("is RabbitMQ reachable", degraded.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("other aggregates are published", degraded.Description, StringComparison.Ordinal);
        Assert.Equal(1000, effects.Count);
        Assert.Equal(1000, effects.Select(e => e.ChangeId).Distinct().Count());
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        // Once when it pauses and once when it resumes, not at every attempt in between.
        Assert.Single(relayLog, m => m.StartsWith("Outbox relay paused", StringComparison.Ordinal));
        Assert.Single(relayLog, m => m.StartsWith("Outbox relay resumed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_event_that_can_never_be_published_holds_back_its_own_aggregate_only_and_health_names_it()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var stuck = NewAggregate("stuck");
        var free = NewAggregate("free");
        const string unknownType = "Platform.Contracts.Events.Nope, Platform.Contracts";

        // A row this build cannot publish (as a newer build's event type after a rollback), then a
        // long run of its aggregate's events, then one event of another aggregate, in one commit.
        await using (var scope = probe.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO outbox_messages (message_id, aggregate_id, message_type, body) VALUES ({Guid.NewGuid()}, {stuck}, {unknownType}, '{{}}')", Cancel);
            for (var i = 0; i < 250; i++)
            {
                ProbeChanges.Make(db, stuck, i.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeProvider.System);
            }

            ProbeChanges.Make(db, free, "free", TimeProvider.System);
            await db.SaveChangesAsync(Cancel);
            await transaction.CommitAsync(Cancel);
        }

        var freed = await Eventually.ReachesAsync(() => probe.EffectsAsync(free), e => e.Count == 1, TimeSpan.FromSeconds(10));
        await probe.ChangeAsync(free, "later");
        var later = await Eventually.ReachesAsync(() => probe.EffectsAsync(free), e => e.Count == 2, TimeSpan.FromSeconds(10));
        var health = await Eventually.ReachesAsync(probe.OutboxHealthAsync, h => h.Status == HealthStatus.Degraded, TimeSpan.FromSeconds(15));

        Assert.Equal(["free", "later"], later.Select(e => e.Value));
        Assert.Single(freed);
        // Its own later events wait behind it: none overtakes the row that cannot be published.
        Assert.Empty(await probe.EffectsAsync(stuck));
        Assert.Contains(stuck, health.Description, StringComparison.Ordinal);
        Assert.Contains(unknownType, health.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("RabbitMQ", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_with_a_field_this_build_does_not_know_is_held_back_not_published_without_it()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var newer = NewAggregate("newer");
        var free = NewAggregate("free");

        // As a replica of the next build writes it during a rolling deploy: a field added to the
        // event. Published by this build, it would go out without that field.
        await using (var scope = probe.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
            var body = System.Text.Json.JsonSerializer.Serialize(new { eventId = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, changeId = Guid.NewGuid(), aggregateId = newer, value = "newer", addedLater = "kept" });
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO outbox_messages (message_id, aggregate_id, message_type, body) VALUES ({Guid.NewGuid()}, {newer}, 'Platform.Messaging.Probe.ProbeChanged, Platform.Messaging.Probe', {body})", Cancel);
            ProbeChanges.Make(db, free, "free", TimeProvider.System);
            await db.SaveChangesAsync(Cancel);
            await transaction.CommitAsync(Cancel);
        }

        var health = await Eventually.ReachesAsync(probe.OutboxHealthAsync, h => h.Status == HealthStatus.Degraded, TimeSpan.FromSeconds(15));

        Assert.Single(await probe.EffectsAsync(free));
        Assert.Empty(await probe.EffectsAsync(newer));
        Assert.Contains(newer, health.Description, StringComparison.Ordinal);
        Assert.Contains(probe.Logs.Messages(".OutboxRelay"), m => m.Contains(newer, StringComparison.Ordinal) && m.Contains("addedLater", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_failures_count_the_publishes_that_failed_not_the_events_waiting_behind_them()
    {
        var database = await fixture.CreateDatabaseAsync();
        await using var probe = await ProbeInstance.StartAsync(database, fixture.RabbitMq);
        using var failures = new CounterListener(MessagingMetrics.Name, "platform.outbox.publish_failures");
        var stuck = NewAggregate("stuck");
        var free = NewAggregate("free");

        // An event this build cannot publish (a field it does not know), its aggregate's later
        // events behind it, and another aggregate's event, in one commit.
        await using (var scope = probe.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
            var body = System.Text.Json.JsonSerializer.Serialize(new { eventId = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, changeId = Guid.NewGuid(), aggregateId = stuck, value = "first", addedLater = "x" });
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO outbox_messages (message_id, aggregate_id, message_type, body) VALUES ({Guid.NewGuid()}, {stuck}, 'Platform.Messaging.Probe.ProbeChanged, Platform.Messaging.Probe', {body})", Cancel);
            for (var i = 0; i < 4; i++)
            {
                ProbeChanges.Make(db, stuck, i.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeProvider.System);
            }

            ProbeChanges.Make(db, free, "free", TimeProvider.System);
            await db.SaveChangesAsync(Cancel);
            await transaction.CommitAsync(Cancel);
        }

        // Once it has failed, the operator corrects the row by hand: the aggregate goes out.
        await Eventually.ReachesAsync(() => Task.FromResult(failures.Total), n => n >= 1, TimeSpan.FromSeconds(15));
        await ScalarAsync(database, $"UPDATE outbox_messages SET body = (body::jsonb - 'addedLater')::text WHERE aggregate_id = '{stuck}' AND sent_at IS NULL");
        await Eventually.ReachesAsync(() => probe.EffectsAsync(stuck), e => e.Count == 5, TimeSpan.FromSeconds(15));
        var resumed = probe.Logs.Messages(".OutboxRelay").Single(m => m.Contains($"'{stuck}' published again", StringComparison.Ordinal));
        var attempts = long.Parse(System.Text.RegularExpressions.Regex.Match(resumed, @"after (\d+) failed attempt").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Each attempt tried one event and it failed; the four behind it were never tried.
        Assert.Equal(attempts, failures.Total);
    }

    [Fact]
    public async Task A_failed_cleanup_neither_pauses_publishing_nor_says_it_did_and_is_logged_as_a_cleanup_failure()
    {
        var database = await fixture.CreateDatabaseAsync();
        var everySecond = new Dictionary<string, string> { ["Messaging:Outbox:CleanupInterval"] = "00:00:01" };
        await using var probe = await ProbeInstance.StartAsync(database, fixture.RabbitMq, everySecond);
        var aggregate = NewAggregate("cleaned");

        // From now on the delete of old rows fails (as when it times out on a huge table); the
        // publish's own statements still work.
        await ScalarAsync(database, """
            CREATE FUNCTION refuse_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'cleanup refused by the test'; END $$;
            CREATE TRIGGER refuse_cleanup BEFORE DELETE ON outbox_messages FOR EACH STATEMENT EXECUTE FUNCTION refuse_cleanup();
            SELECT 0
            """);
        var relayLog = await Eventually.ReachesAsync(
            () => Task.FromResult(probe.Logs.Messages(".OutboxRelay")), l => l.Any(m => m.Contains("cleanup refused", StringComparison.Ordinal)), TimeSpan.FromSeconds(15));
        for (var i = 0; i < 5; i++)
        {
            await probe.ChangeAsync(aggregate, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Eventually.ReachesAsync(() => probe.EffectsAsync(aggregate), e => e.Count == 5, TimeSpan.FromSeconds(15));
        relayLog = probe.Logs.Messages(".OutboxRelay");

        Assert.DoesNotContain(relayLog, m => m.Contains("paused", StringComparison.Ordinal) || m.Contains("resumed", StringComparison.Ordinal));
        Assert.Contains(relayLog, m => m.StartsWith("Outbox cleanup failed", StringComparison.Ordinal) && m.Contains("cleanup refused by the test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_erasure_rewrite_of_an_unsent_event_with_a_field_this_build_does_not_know_refuses_instead_of_dropping_it()
    {
        var database = await fixture.CreateDatabaseAsync();
        await using var probe = await ProbeInstance.StartAsync(database, fixture.RabbitMq, new Dictionary<string, string> { ["Messaging:Outbox:RelayEnabled"] = "false" });
        var erased = NewAggregate("erased");

        // Unsent, as a replica of the next build wrote it during a rolling deploy: a field added
        // to the event, which this build's type does not have.
        var body = System.Text.Json.JsonSerializer.Serialize(new { eventId = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, changeId = Guid.NewGuid(), aggregateId = erased, value = "their name", addedLater = "kept" });
        await ScalarAsync(database, $"INSERT INTO outbox_messages (message_id, aggregate_id, message_type, body) VALUES ('{Guid.NewGuid()}', '{erased}', 'Platform.Messaging.Probe.ProbeChanged, Platform.Messaging.Probe', '{body}')");

        Exception? refused;
        await using (var scope = probe.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            refused = await Record.ExceptionAsync(() => Platform.ServiceDefaults.Messaging.Outbox.OutboxExtensions.RewriteUnsentEventsAsync<ProbeChanged>(db, erased, c => c with { Value = "[removed]" }, Cancel));
            await transaction.CommitAsync(Cancel);
        }

        var stored = await probe.QueryAsync(db => db.Database.SqlQuery<string>($"SELECT body AS \"Value\" FROM outbox_messages WHERE aggregate_id = {erased}").SingleAsync(Cancel));

        // Rewritten through this build's type, the event would lose the field; the erasure is
        // refused instead (nothing changed, retried once the deploy is done), and the event is as written.
        Assert.Contains("addedLater", stored, StringComparison.Ordinal);
        var conflict = Assert.IsType<Platform.ServiceDefaults.Grpc.ConcurrencyConflictException>(refused);
        Assert.Contains("addedLater", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_of_an_unexpected_kind_while_the_relay_pauses_does_not_stop_the_service()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var lifetime = probe.Services.GetRequiredService<IHostApplicationLifetime>();

        // From now on every read of the outbox fails with an ObjectDisposedException (an
        // InvalidOperationException), not a database error: the relay pauses, and while pausing it
        // reads the outbox's lag again.
        await probe.Services.GetRequiredService<NpgsqlDataSource>().DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel);

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "The relay's failure stopped the service.");
    }

    [Fact]
    public async Task An_event_committed_by_a_process_killed_before_publishing_arrives_after_restart()
    {
        var database = await fixture.CreateDatabaseAsync();
        var writerOnly = new Dictionary<string, string> { ["Messaging:Outbox:RelayEnabled"] = "false" };
        ProbeApp.ChangeResponse change;
        using (var first = await ProbeProcess.StartAsync(ProbeInstance.Arguments(database, fixture.RabbitMq, writerOnly)))
        {
            change = await first.ChangeAsync(NewAggregate("crash"), "committed then killed");
            first.Kill();
        }

        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM effects"));

        using var restarted = await ProbeProcess.StartAsync(ProbeInstance.Arguments(database, fixture.RabbitMq));
        var effects = await Eventually.ReachesAsync(
            () => ScalarAsync(database, $"SELECT count(*) FROM effects WHERE \"ChangeId\" = '{change.ChangeId}'"), n => n >= 1, TimeSpan.FromSeconds(30));

        Assert.Equal(1L, effects);
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"));
    }

    [Fact]
    public async Task A_relay_stopped_while_it_publishes_a_batch_publishes_nothing_twice()
    {
        const int Events = 10_000;
        var database = await fixture.CreateDatabaseAsync();
        var prefix = NewAggregate("stopped");
        await using var subscriber = await EventSubscriber.BindAsync(fixture.RabbitMq, ProbeExchange, Cancel);
        var wire = new List<System.Text.Json.JsonElement>();
        try
        {
            // A backlog (as after an outage), then a replica that is stopped while it publishes it.
            await BacklogAsync(database, prefix, Events, TimeSpan.Zero);
            await using (var stopped = await ProbeInstance.StartAsync(database, fixture.RabbitMq))
            {
                wire.Add(await Eventually.ReachesAsync(() => subscriber.TakeAsync(Cancel), e => e is not null, TimeSpan.FromSeconds(15)) ?? default);
            }

            Assert.True(await ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL") > 0, "The relay published the whole backlog before it was stopped.");
            await using var next = await ProbeInstance.StartAsync(database, fixture.RabbitMq);
            await Eventually.ReachesAsync(() => ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"), n => n == 0, TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
            wire.AddRange(await subscriber.DrainAsync(Cancel));
        }
        finally
        {
            // The probes' own queue holds what they did not consume: no later test should wait for it.
            await PurgeAsync(new KebabCaseEndpointNameFormatter("probe", false).Consumer<ProbeChangedConsumer>());
        }

        var copies = wire.CountBy(e => e.GetProperty("messageId").GetString()!).ToList();
        Assert.Equal(Events, copies.Count);
        Assert.Equal(0, copies.Count(c => c.Value > 1));
    }

    [Fact]
    public async Task The_lag_gauge_reports_a_backlog_while_the_relay_is_still_publishing_it()
    {
        var database = await fixture.CreateDatabaseAsync();
        await BacklogAsync(database, NewAggregate("late"), 5_000, TimeSpan.FromMinutes(1));
        try
        {
            // Small batches: the relay takes seconds to publish the backlog, in one drain.
            await using var probe = await ProbeInstance.StartAsync(database, fixture.RabbitMq, new Dictionary<string, string> { ["Messaging:Outbox:BatchSize"] = "10" });
            using var lag = new GaugeReader(probe.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), MessagingMetrics.Name, "platform.outbox.lag");
            await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
            var reported = lag.Read();
            var unsent = await ScalarAsync(database, "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL");

            Assert.True(unsent > 0, "The relay published the whole backlog within 2 s.");
            Assert.True(reported >= 50, $"The gauge reported {reported:0.#} s for a backlog a minute old.");
        }
        finally
        {
            await PurgeAsync(new KebabCaseEndpointNameFormatter("probe", false).Consumer<ProbeChangedConsumer>());
        }
    }

    [Fact]
    public async Task The_lag_gauge_keeps_ageing_the_waiting_backlog_while_the_outbox_cannot_be_read()
    {
        var database = await fixture.CreateDatabaseAsync();
        await BacklogAsync(database, NewAggregate("unreadable"), 5_000, TimeSpan.FromMinutes(1));
        try
        {
            await using var probe = await ProbeInstance.StartAsync(database, fixture.RabbitMq, new Dictionary<string, string> { ["Messaging:Outbox:BatchSize"] = "10" });
            using var lag = new GaugeReader(probe.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), MessagingMetrics.Name, "platform.outbox.lag");
            await Task.Delay(TimeSpan.FromSeconds(2), Cancel);

            // The database goes away with the backlog still waiting: every read of the outbox fails.
            await probe.Services.GetRequiredService<NpgsqlDataSource>().DisposeAsync();
            var before = lag.Read();
            await Task.Delay(TimeSpan.FromSeconds(4), Cancel);
            var after = lag.Read();

            Assert.True(before >= 50, $"The gauge reported {before:0.#} s for a backlog a minute old.");
            Assert.True(after >= before + 3, $"The gauge stood at {after:0.#} s four seconds after {before:0.#} s: the waiting events' age no longer grew.");
        }
        finally
        {
            await PurgeAsync(new KebabCaseEndpointNameFormatter("probe", false).Consumer<ProbeChangedConsumer>());
        }
    }

    [Fact]
    public async Task A_consumer_that_keeps_failing_is_retried_then_the_message_waits_in_the_error_queue_with_the_reason()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var queue = new KebabCaseEndpointNameFormatter("probe", false).Consumer<ProbeChangedConsumer>();

        var aggregate = NewAggregate("poison");
        var change = await probe.ChangeAsync(aggregate, ProbeChangedConsumer.Poison);
        var dead = await Eventually.ReachesAsync(
            async () => (await EventSubscriber.PeekAsync(fixture.RabbitMq, queue + "_error", Cancel)).Where(m => m.Body.Contains(change.ChangeId.ToString(), StringComparison.Ordinal)).ToList(),
            m => m.Count == 1,
            TimeSpan.FromSeconds(20));

        Assert.Equal("probe-probe-changed", queue);
        Assert.Equal(3, probe.Deliveries.Snapshot().Count(d => d.Message.ChangeId == change.ChangeId));
        Assert.Empty(await probe.EffectsAsync(aggregate));
        Assert.Equal("System.InvalidOperationException", EventSubscriber.Text(dead[0].Headers["MT-Fault-ExceptionType"]));
        Assert.Equal($"The probe cannot digest change {change.ChangeId}.", EventSubscriber.Text(dead[0].Headers["MT-Fault-Message"]));
    }

    [Fact]
    public async Task A_duplicated_delivery_has_one_effect_even_on_two_replicas_at_once()
    {
        var database = await fixture.CreateDatabaseAsync();
        await using var one = await ProbeInstance.StartAsync(database, fixture.RabbitMq);
        await using var two = await ProbeInstance.StartAsync(database, fixture.RabbitMq);
        using var duplicates = new CounterListener(MessagingMetrics.Name, "platform.inbox.duplicates");
        var aggregate = NewAggregate("duplicate");
        var message = new ProbeChanged { EventId = Guid.NewGuid(), OccurredAt = DateTimeOffset.UtcNow, ChangeId = Guid.NewGuid(), AggregateId = aggregate, Value = "once" };

        // The same message id ten times, as a redelivery after a lost acknowledgement would bring it.
        var bus = one.Services.GetRequiredService<IBus>();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => bus.Publish(message, context => context.MessageId = message.EventId, Cancel)));
        var acknowledgedWithoutEffect = await Eventually.ReachesAsync(() => Task.FromResult(duplicates.Total), n => n >= 9, TimeSpan.FromSeconds(20));

        Assert.Equal(9, acknowledgedWithoutEffect);
        Assert.Single(await one.EffectsAsync(aggregate));
        Assert.Single(one.Deliveries.Snapshot().Concat(two.Deliveries.Snapshot()), d => d.Message.AggregateId == aggregate);
    }

    [Fact]
    public async Task A_nil_message_id_is_no_key_the_event_id_is_and_a_message_with_neither_waits_in_the_error_queue()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var queue = new KebabCaseEndpointNameFormatter("probe", false).Consumer<ProbeChangedConsumer>();
        var aggregate = NewAggregate("nil-id");
        var first = Guid.NewGuid();
        var neither = Guid.NewGuid();

        // A publisher outside the platform that sends the nil UUID as every message's id (as a
        // zero-valued UUID field serialises): the event ids tell its events apart.
        await using (var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(fixture.RabbitMq) }.CreateConnectionAsync(Cancel))
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: Cancel))
        {
            foreach (var (eventId, changeId, value) in new[] { (first, Guid.NewGuid(), "one"), (Guid.NewGuid(), Guid.NewGuid(), "two"), (first, Guid.NewGuid(), "one again"), (Guid.Empty, neither, "neither") })
            {
                var body = $$$"""
                    {"messageId":"{{{Guid.Empty}}}","messageType":["urn:message:Platform.Messaging.Probe:ProbeChanged"],
                     "message":{"eventId":"{{{eventId}}}","occurredAt":"2026-11-24T00:00:00+00:00","changeId":"{{{changeId}}}","aggregateId":"{{{aggregate}}}","value":"{{{value}}}"}}
                    """;
                var properties = new RabbitMQ.Client.BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = Guid.Empty.ToString(), Persistent = true };
                await channel.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, System.Text.Encoding.UTF8.GetBytes(body), Cancel);
            }
        }

        var dead = await Eventually.ReachesAsync(
            async () => (await EventSubscriber.PeekAsync(fixture.RabbitMq, queue + "_error", Cancel)).Where(m => m.Body.Contains(neither.ToString(), StringComparison.Ordinal)).ToList(),
            m => m.Count == 1,
            TimeSpan.FromSeconds(20));
        var effects = await Eventually.ReachesAsync(() => probe.EffectsAsync(aggregate), e => e.Count >= 2, TimeSpan.FromSeconds(10));

        Assert.Equal(["one", "two"], effects.Select(e => e.Value));
        Assert.Contains("cannot be deduplicated", EventSubscriber.Text(dead[0].Headers["MT-Fault-Message"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_relays_on_one_database_publish_each_event_once_and_each_aggregate_in_order()
    {
        var database = await fixture.CreateDatabaseAsync();
        await using var subscriber = await EventSubscriber.BindAsync(fixture.RabbitMq, ProbeExchange, Cancel);
        await using var one = await ProbeInstance.StartAsync(database, fixture.RabbitMq);
        await using var two = await ProbeInstance.StartAsync(database, fixture.RabbitMq);
        var prefix = NewAggregate("pair");

        // Eight aggregates, fifty changes each in order, committed through both replicas at once.
        await Parallel.ForEachAsync(Enumerable.Range(0, 8), Cancel, async (a, ct) =>
        {
            for (var n = 0; n < 50; n++)
            {
                await (n % 2 == 0 ? one : two).ChangeAsync($"{prefix}-{a}", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        await Eventually.ReachesAsync(() => one.EffectsAsync(prefix), e => e.Count >= 400, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        var wire = (await subscriber.DrainAsync(Cancel)).Select(e => e.GetProperty("message")).ToList();

        Assert.Equal(400, wire.Count);
        Assert.Equal(400, wire.Select(m => m.GetProperty("changeId").GetGuid()).Distinct().Count());
        foreach (var aggregate in wire.GroupBy(m => m.GetProperty("aggregateId").GetString()))
        {
            Assert.Equal(Enumerable.Range(0, 50), aggregate.Select(m => int.Parse(m.GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task The_trace_of_the_request_continues_through_the_outbox_and_RabbitMQ_into_the_consumer()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var aggregate = NewAggregate("traced");

        var change = await probe.ChangeAsync(aggregate, "follow me");
        var effect = (await Eventually.ReachesAsync(() => probe.EffectsAsync(aggregate), e => e.Count == 1, TimeSpan.FromSeconds(15))).Single();

        Assert.NotNull(change.TraceId);
        Assert.Equal(change.TraceId, effect.TraceId);
    }

    [Theory]
    [InlineData("Messaging:Outbox:BatchSize", "0")]
    [InlineData("Messaging:InboxRetention", "00:00:00")]
    public async Task A_setting_the_relay_or_inbox_cannot_work_with_refuses_to_start_and_names_it(string setting, string value)
    {
        var database = await fixture.CreateDatabaseAsync();

        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => ProbeInstance.StartAsync(database, fixture.RabbitMq, new Dictionary<string, string> { [setting] = value }));

        Assert.Contains(setting + " must be", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sent_events_are_deleted_once_their_retention_has_passed()
    {
        var database = await fixture.CreateDatabaseAsync();
        var shortRetention = new Dictionary<string, string> { ["Messaging:Outbox:Retention"] = "00:00:01", ["Messaging:Outbox:CleanupInterval"] = "00:00:01" };
        await using var probe = await ProbeInstance.StartAsync(database, fixture.RabbitMq, shortRetention);
        var aggregate = NewAggregate("short-lived");

        await probe.ChangeAsync(aggregate, "kept briefly");
        await Eventually.ReachesAsync(() => probe.EffectsAsync(aggregate), e => e.Count == 1, TimeSpan.FromSeconds(15));
        var remaining = await Eventually.ReachesAsync(() => ScalarAsync(database, "SELECT count(*) FROM outbox_messages"), n => n == 0, TimeSpan.FromSeconds(15));

        Assert.Equal(0L, remaining);
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM changes"));
    }

    /// <summary>Events in the outbox as a writer-only replica leaves them, <paramref name="age"/> old, over 100 aggregates.</summary>
    private async Task BacklogAsync(string database, string prefix, int events, TimeSpan age)
    {
        var writerOnly = new Dictionary<string, string> { ["Messaging:Outbox:RelayEnabled"] = "false" };
        await using var writer = await ProbeInstance.StartAsync(database, fixture.RabbitMq, writerOnly);
        var seconds = age.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ScalarAsync(database, $"""
            INSERT INTO outbox_messages (message_id, aggregate_id, message_type, body, created_at)
            SELECT id, aggregate, 'Platform.Messaging.Probe.ProbeChanged, Platform.Messaging.Probe',
                   json_build_object('eventId', id, 'occurredAt', now(), 'changeId', gen_random_uuid(), 'aggregateId', aggregate, 'value', n::text)::text,
                   now() - interval '{seconds} seconds'
            FROM (SELECT gen_random_uuid() AS id, '{prefix}-' || (n % 100) AS aggregate, n FROM generate_series(1, {events}) n) rows
            ORDER BY n
            """);
    }

    private async Task PurgeAsync(string queue)
    {
        await using var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(fixture.RabbitMq) }.CreateConnectionAsync(Cancel);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        await channel.QueuePurgeAsync(queue, Cancel);
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Cancel), System.Globalization.CultureInfo.InvariantCulture);
    }
}
