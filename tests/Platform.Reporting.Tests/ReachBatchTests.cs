using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>New professionals who attended twice, taken in together: a Reporting service of its own (the shared scenario's figures stay as they are).</summary>
public sealed class ReachBatchTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_attendances_of_a_new_professional_in_one_batch_reach_them_once_without_failing_the_batch()
    {
        await using var app = await ReportingFixture.StartReportingAsync(replicas: 1, Cancel);
        var analyst = ReportingFixture.Client(app, app.Tokens.Create("analyst", ["reporting.read"], TimeSpan.FromMinutes(10)));
        await using var publisher = await EventPublisher.StartAsync(app.GetConnectionString("rabbitmq"), Cancel);

        // Each professional's later session first: the batch must still reach them at the earlier one.
        var professionals = Enumerable.Range(1, 5).Select(i => Professionals.IdOf($"twice{i}@example.nl")).ToList();
        var events = professionals.SelectMany(p => new[] { Attended(p, "Webinar", "2026-05-20T14:00:00Z"), Attended(p, "Screening", "2026-04-10T17:30:00Z") }).ToList();
        await Task.WhenAll(events.Select(e => publisher.PublishAsync(e, Cancel)));
        await ReportingFixture.JournalReachesAsync(app, events.Count);

        var summary = await analyst.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: Cancel);
        Assert.Equal((5L, 10L), (summary.ProfessionalsReached, summary.Attendances));
        Assert.Equal([("Screening", 5L)], summary.ReachedByChannel.Select(c => (c.Channel, c.Professionals)));

        // A batch that failed on its save is taken in again one event at a time: right figures, but an error each time.
        Assert.DoesNotContain(app.ResourceLogs.Tail("reporting"), l => l.Text.Contains("duplicate key value", StringComparison.Ordinal));
    }

    private static ParticipantAttended Attended(string professional, string kind, string startsAt) =>
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
