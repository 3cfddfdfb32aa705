using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// Rows that two events create at once (a professional's first reach, a new action): taken in
/// without failing a batch, counted once. A Reporting service of its own for each test, so the
/// shared scenario's figures stay as they are.
/// </summary>
public sealed class NewRowIngestTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_actions_commitment_and_status_change_taken_in_at_once_count_it_once_without_failing_a_batch()
    {
        await using var reporting = await OwnReporting.StartAsync(Cancel);

        // Two queues, two consumers at the same moment, both finding no row for the action.
        var actions = Enumerable.Range(1, 20).Select(_ => Guid.NewGuid()).ToList();
        await reporting.TakeInAsync([.. actions.SelectMany(a => new IIntegrationEvent[] { Committed(a), Done(a) })], Cancel);

        var summary = await reporting.Analyst.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: Cancel);
        Assert.Equal((0L, 20L), (summary.Actions.Open, summary.Actions.Done));
        Assert.False(reporting.LoggedDuplicateKey);
    }

    private static ActionCommitted Committed(Guid action) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-05-01T12:00:00Z"), ActionId = action, Title = "Bike to work", Theme = "Mobility", Owner = "Someone", DueOn = new DateOnly(2026, 9, 1), Status = "Open" };

    private static ActionStatusChanged Done(Guid action) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-06-01T12:00:00Z"), ActionId = action, Theme = "Mobility", FromStatus = "Open", ToStatus = "Done", DueOn = new DateOnly(2026, 9, 1) };

    [Fact]
    public async Task Two_attendances_of_a_new_professional_in_one_batch_reach_them_once_without_failing_the_batch()
    {
        await using var reporting = await OwnReporting.StartAsync(Cancel);

        // Each professional's later session first: the batch must still reach them at the earlier one.
        var professionals = Enumerable.Range(1, 5).Select(i => Professionals.IdOf($"twice{i}@example.nl")).ToList();
        await reporting.TakeInAsync([.. professionals.SelectMany(p => new[] { Attended(p, "Webinar", "2026-05-20T14:00:00Z"), Attended(p, "Screening", "2026-04-10T17:30:00Z") })], Cancel);

        var summary = await reporting.Analyst.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: Cancel);
        Assert.Equal((5L, 10L), (summary.ProfessionalsReached, summary.Attendances));
        Assert.Equal([("Screening", 5L)], summary.ReachedByChannel.Select(c => (c.Channel, c.Professionals)));
        Assert.False(reporting.LoggedDuplicateKey);
    }

    [Fact]
    public async Task A_new_professionals_attendances_taken_in_by_two_batches_at_once_reach_them_once_without_failing_a_batch()
    {
        await using var reporting = await OwnReporting.StartAsync(Cancel);
        await using var secondPublisher = await EventPublisher.StartAsync(reporting.App.GetConnectionString("rabbitmq"), Cancel);
        const int Rounds = 5;
        const int PerPublisher = 75;

        // Each round, a new professional's 150 attendances from two publishers at once: more than one
        // batch holds, so two batches of the queue take them in at the same moment, both finding no entry.
        for (var round = 1; round <= Rounds; round++)
        {
            var professional = Professionals.IdOf($"overlap{round}@example.nl");
            await Task.WhenAll(
                Task.WhenAll(Enumerable.Range(0, PerPublisher).Select(_ => reporting.Publisher.PublishAsync(Attended(professional, "Webinar", "2026-05-20T14:00:00Z"), Cancel))),
                Task.WhenAll(Enumerable.Range(0, PerPublisher).Select(_ => secondPublisher.PublishAsync(Attended(professional, "Webinar", "2026-05-20T14:00:00Z"), Cancel))));
            await ReportingFixture.JournalReachesAsync(reporting.App, round * 2 * PerPublisher);
        }

        var summary = await reporting.Analyst.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: Cancel);
        Assert.Equal((5L, 750L), (summary.ProfessionalsReached, summary.Attendances));
        Assert.False(reporting.LoggedDuplicateKey);
        Assert.Empty(await EventSubscriber.PeekAsync(reporting.App.GetConnectionString("rabbitmq"), "reporting-participant-attended_error", Cancel));
    }

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
