using Npgsql;
using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// Rows that two events create at once (a professional's first reach, a new action, a registration,
/// an attendance): taken in without failing a batch, counted once. On the Reporting service without
/// the scenario, so the shared scenario's figures stay as they are; each test's actions, registrations
/// and professionals are its own.
/// </summary>
[Collection(BlankReportingServers.Name)]
public sealed class NewRowIngestTests(BlankReporting reporting)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_actions_commitment_and_status_change_taken_in_at_once_count_it_once_without_failing_a_batch()
    {
        var started = DateTimeOffset.UtcNow;
        var before = await reporting.SummaryAsync(Cancel);

        // Two queues, two consumers at the same moment, both finding no row for the action.
        var actions = Enumerable.Range(1, 20).Select(_ => Guid.NewGuid()).ToList();
        await reporting.TakeInAsync([.. actions.SelectMany(a => new IIntegrationEvent[] { Committed(a), Done(a) })], Cancel);

        var after = await reporting.SummaryAsync(Cancel);
        Assert.Equal((0L, 20L), (after.Actions.Open - before.Actions.Open, after.Actions.Done - before.Actions.Done));
        Assert.False(reporting.LoggedDuplicateKeySince(started));
    }

    private static ActionCommitted Committed(Guid action) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-05-01T12:00:00Z"), ActionId = action, Title = "Bike to work", Theme = "Mobility", Owner = "Someone", DueOn = new DateOnly(2026, 9, 1), Status = "Open" };

    private static ActionStatusChanged Done(Guid action) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-06-01T12:00:00Z"), ActionId = action, Theme = "Mobility", FromStatus = "Open", ToStatus = "Done", DueOn = new DateOnly(2026, 9, 1) };

    [Fact]
    public async Task Two_attendances_of_a_new_professional_in_one_batch_reach_them_once_without_failing_the_batch()
    {
        var started = DateTimeOffset.UtcNow;
        var before = await reporting.SummaryAsync(Cancel);

        // Each professional's later session first: the batch must still reach them at the earlier one.
        var professionals = Enumerable.Range(1, 5).Select(i => Professionals.IdOf($"twice{i}@example.nl")).ToList();
        await reporting.TakeInAsync([.. professionals.SelectMany(p => new[] { Attended(p, "Webinar", "2026-05-20T14:00:00Z"), Attended(p, "Screening", "2026-04-10T17:30:00Z") })], Cancel);

        var after = await reporting.SummaryAsync(Cancel);
        Assert.Equal((5L, 10L), (after.ProfessionalsReached - before.ProfessionalsReached, after.Attendances - before.Attendances));
        Assert.Equal([("Screening", 5L)], FigureChange.Between(ByChannel(before), ByChannel(after)));
        Assert.False(reporting.LoggedDuplicateKeySince(started));
    }

    [Fact]
    public async Task A_new_professionals_attendances_taken_in_by_two_batches_at_once_reach_them_once_without_failing_a_batch()
    {
        var started = DateTimeOffset.UtcNow;
        var before = await reporting.SummaryAsync(Cancel);
        await using var secondPublisher = await EventPublisher.StartAsync(reporting.App.GetConnectionString("rabbitmq"), Cancel);
        const int Rounds = 5;
        const int PerPublisher = 75;
        var eventIds = new List<Guid>();

        // Each round, a new professional's 150 attendances from two publishers at once: more than one
        // batch holds, so two batches of the queue take them in at the same moment, both finding no entry.
        for (var round = 1; round <= Rounds; round++)
        {
            var professional = Professionals.IdOf($"overlap{round}@example.nl");
            var first = Enumerable.Range(0, PerPublisher).Select(_ => Attended(professional, "Webinar", "2026-05-20T14:00:00Z")).ToList();
            var second = Enumerable.Range(0, PerPublisher).Select(_ => Attended(professional, "Webinar", "2026-05-20T14:00:00Z")).ToList();
            await Task.WhenAll(
                Task.WhenAll(first.Select(e => reporting.Publisher.PublishAsync(e, Cancel))),
                Task.WhenAll(second.Select(e => secondPublisher.PublishAsync(e, Cancel))));
            eventIds.AddRange(first.Concat(second).Select(e => e.EventId));
            await ReportingFixture.JournalHoldsAsync(reporting.App, eventIds);
        }

        var after = await reporting.SummaryAsync(Cancel);
        Assert.Equal((5L, 750L), (after.ProfessionalsReached - before.ProfessionalsReached, after.Attendances - before.Attendances));
        Assert.False(reporting.LoggedDuplicateKeySince(started));
        Assert.Empty(await FailedAsync(["reporting-participant-attended_error"], [.. eventIds]));
    }

    [Fact]
    public async Task A_new_registrations_waitlisting_and_promotion_taken_in_by_two_batches_at_once_count_it_once_without_failing_a_batch()
    {
        var started = DateTimeOffset.UtcNow;
        var (registration, experience, professional) = (Guid.NewGuid(), Guid.NewGuid(), Professionals.IdOf("promoted-overlap@example.nl"));
        var waitlisted = new ParticipantWaitlisted { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-05-01T09:00:00Z"), RegistrationId = registration, ExperienceId = experience, ProfessionalId = professional, Position = 1 };
        var promoted = new WaitlistPromoted { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-05-02T09:00:00Z"), RegistrationId = registration, ExperienceId = experience, ProfessionalId = professional, WaitlistedAt = waitlisted.OccurredAt };

        await TakeInOverlappingAsync(waitlisted, promoted);

        var funnel = await reporting.Analyst.GetFunnelAsync(new GetFunnelRequest { ExperienceId = experience.ToString() }, cancellationToken: Cancel);
        Assert.Equal((1L, 1L, 1L), (funnel.Registered, funnel.Waitlisted, funnel.WaitlistConversions));
        Assert.False(reporting.LoggedDuplicateKeySince(started));
        Assert.Empty(await FailedAsync(["reporting-participant-waitlisted_error", "reporting-waitlist-promoted_error"], waitlisted.EventId, promoted.EventId));
    }

    [Fact]
    public async Task A_new_attendances_no_show_and_its_correction_taken_in_by_two_batches_at_once_count_it_once_without_failing_a_batch()
    {
        var started = DateTimeOffset.UtcNow;
        var before = await reporting.SummaryAsync(Cancel);

        // The professional was there after all: the later record, an attendance, wins.
        var attended = Attended(Professionals.IdOf("corrected-overlap@example.nl"), "Webinar", "2026-05-20T14:00:00Z");
        var noShow = new ParticipantNoShow { EventId = Guid.NewGuid(), OccurredAt = attended.OccurredAt.AddHours(-1), RegistrationId = attended.RegistrationId, ExperienceId = attended.ExperienceId, SessionId = attended.SessionId, ProfessionalId = attended.ProfessionalId, SessionStartsAt = attended.SessionStartsAt };

        await TakeInOverlappingAsync(noShow, attended);

        var after = await reporting.SummaryAsync(Cancel);
        var funnel = await reporting.Analyst.GetFunnelAsync(new GetFunnelRequest { ExperienceId = attended.ExperienceId.ToString() }, cancellationToken: Cancel);
        Assert.Equal((1L, 0L), (funnel.Attended, funnel.NoShows));
        Assert.Equal((1L, 1L), (after.ProfessionalsReached - before.ProfessionalsReached, after.Attendances - before.Attendances));
        Assert.False(reporting.LoggedDuplicateKeySince(started));
        Assert.Empty(await FailedAsync(["reporting-participant-no-show_error", "reporting-participant-attended_error"], noShow.EventId, attended.EventId));
    }

    [Fact]
    public async Task A_no_show_batch_correcting_two_attendances_and_an_attendance_batch_of_the_same_professionals_do_not_deadlock()
    {
        var database = reporting.App.GetConnectionString("reportingdb");
        var before = await reporting.SummaryAsync(Cancel);
        var (low, high) = Ordered(Professionals.IdOf("corrected-low@example.nl"), Professionals.IdOf("corrected-high@example.nl"));
        var (lowAttended, highAttended) = (Attended(low, "Webinar", "2026-05-20T14:00:00Z"), Attended(high, "Webinar", "2026-05-20T14:00:00Z"));
        await reporting.TakeInAsync([lowAttended, highAttended], Cancel);
        var started = DateTimeOffset.UtcNow;

        // Both were not there after all, and both came to a later session. The no-shows are one batch,
        // the higher key's first; the ledger is held for writes (not for row locks), so the no-show
        // batch stops after locking the higher key's entry, at its first write of the ledger. Then the
        // attendance batch locks both entries ahead, in key order: it takes the lower and waits for the
        // higher. Unless the no-show batch had locked both ahead too, it now asks for the lower.
        var noShows = new[] { NoShowOf(highAttended), NoShowOf(lowAttended) };
        var later = new[] { Attended(low, "Screening", "2026-06-01T19:00:00Z"), Attended(high, "Screening", "2026-06-01T19:00:00Z") };
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(Cancel);
            await using var hold = await connection.BeginTransactionAsync(Cancel);
            await using (var ledger = new NpgsqlCommand("LOCK TABLE reach_ledger IN SHARE MODE", connection, hold))
            {
                await ledger.ExecuteNonQueryAsync(Cancel);
            }

            foreach (var noShow in noShows)
            {
                await reporting.Publisher.PublishAsync(noShow, Cancel);
            }

            await LockWaiters.ReachAsync(database, 1);
            await Task.WhenAll(later.Select(e => reporting.Publisher.PublishAsync(e, Cancel)));
            await LockWaiters.ReachAsync(database, 2);
            await hold.RollbackAsync(Cancel);
        }

        await ReportingFixture.JournalHoldsAsync(reporting.App, [.. noShows.Select(e => e.EventId), .. later.Select(e => e.EventId)]);
        var after = await reporting.SummaryAsync(Cancel);
        Assert.DoesNotContain(reporting.App.ResourceLogs.Tail("postgres"), l => l.Timestamp >= started && l.Text.Contains("deadlock detected", StringComparison.Ordinal));
        Assert.Equal((2L, 2L), (after.ProfessionalsReached - before.ProfessionalsReached, after.Attendances - before.Attendances));
        Assert.Equal([("Screening", 2L)], FigureChange.Between(ByChannel(before), ByChannel(after)));
    }

    private static (string Low, string High) Ordered(string one, string other) =>
        string.CompareOrdinal(one, other) < 0 ? (one, other) : (other, one);

    private static ParticipantNoShow NoShowOf(ParticipantAttended attended) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = attended.OccurredAt.AddHours(1), RegistrationId = attended.RegistrationId, ExperienceId = attended.ExperienceId, SessionId = attended.SessionId, ProfessionalId = attended.ProfessionalId, SessionStartsAt = attended.SessionStartsAt };

    /// <summary>
    /// Makes two batches on two queues find no row for the same new thing at the same moment, for certain:
    /// the first batch is held at its counters (every batch writes them last) with its row added and not
    /// committed, until the second batch, having found no row either, waits too; then both go on.
    /// </summary>
    private async Task TakeInOverlappingAsync(IIntegrationEvent first, IIntegrationEvent second)
    {
        await using (var connection = new NpgsqlConnection(reporting.App.GetConnectionString("reportingdb")))
        {
            await connection.OpenAsync(Cancel);
            await using var hold = await connection.BeginTransactionAsync(Cancel);
            await using (var counters = new NpgsqlCommand("LOCK TABLE figures IN SHARE MODE", connection, hold))
            {
                await counters.ExecuteNonQueryAsync(Cancel);
            }

            await reporting.Publisher.PublishAsync(first, Cancel);
            await LockWaiters.ReachAsync(reporting.App.GetConnectionString("reportingdb"), 1);
            await reporting.Publisher.PublishAsync(second, Cancel);
            await LockWaiters.ReachAsync(reporting.App.GetConnectionString("reportingdb"), 2);
            await hold.RollbackAsync(Cancel);
        }

        await ReportingFixture.JournalHoldsAsync(reporting.App, [first.EventId, second.EventId]);
    }

    /// <summary>The error queue of each message of <paramref name="eventIds"/> found in <paramref name="errorQueues"/>.</summary>
    private async Task<List<string>> FailedAsync(string[] errorQueues, params Guid[] eventIds)
    {
        var failed = new List<string>();
        foreach (var queue in errorQueues)
        {
            failed.AddRange((await EventSubscriber.PeekAsync(reporting.App.GetConnectionString("rabbitmq"), queue, Cancel))
                .Where(m => eventIds.Any(id => m.Body.Contains(id.ToString(), StringComparison.Ordinal)))
                .Select(m => queue));
        }

        return failed;
    }

    private static IEnumerable<(string, long)> ByChannel(ImpactSummary summary) => summary.ReachedByChannel.Select(c => (c.Channel, c.Professionals));

    internal static ParticipantAttended Attended(string professional, string kind, string startsAt) =>
        new()
        {
            EventId = Guid.NewGuid(),
            OccurredAt = Scenario.At(startsAt).AddHours(4),
            RegistrationId = Guid.NewGuid(),
            ExperienceId = Guid.NewGuid(),
            SessionId = Guid.NewGuid(),
            ProfessionalId = professional,
            ExperienceKind = kind,
            HostPartnerIds = [],
            SessionStartsAt = Scenario.At(startsAt),
            HoursAttended = 2,
        };
}
