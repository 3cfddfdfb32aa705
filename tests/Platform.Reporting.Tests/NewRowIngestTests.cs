using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// Rows that two events create at once (a professional's first reach, a new action): taken in
/// without failing a batch, counted once. On the Reporting service without the scenario, so the
/// shared scenario's figures stay as they are; each test's actions and professionals are its own.
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
        var failed = await EventSubscriber.PeekAsync(reporting.App.GetConnectionString("rabbitmq"), "reporting-participant-attended_error", Cancel);
        Assert.Equal((5L, 750L), (after.ProfessionalsReached - before.ProfessionalsReached, after.Attendances - before.Attendances));
        Assert.False(reporting.LoggedDuplicateKeySince(started));
        Assert.DoesNotContain(failed, m => eventIds.Exists(id => m.Body.Contains(id.ToString(), StringComparison.Ordinal)));
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
