using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;

namespace Platform.Reporting.Tests;

/// <summary>
/// Figures read while some of their events are still on their way (28 queues, any order): no blank
/// stage, no conversion above 100%, no more attended than registered. On the Reporting service
/// without the scenario, so the shared scenario's figures stay as they are.
/// </summary>
[Collection(BlankReportingServers.Name)]
public sealed class EarlyEventTests(BlankReporting reporting)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_organization_known_only_from_an_update_is_left_out_of_partners_by_stage_until_its_stage_arrives()
    {
        var organization = Guid.NewGuid();
        var before = await reporting.SummaryAsync(Cancel);

        await reporting.TakeInAsync([new OrganizationUpdated { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-03-01T09:00:00Z"), OrganizationId = organization, Name = "Hogeschool West", Sector = "Education", Region = "Utrecht", EmployeeCount = 800 }], Cancel);
        var updatedOnly = await reporting.SummaryAsync(Cancel);
        await reporting.TakeInAsync([new OrganizationRegistered { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-01-06T09:00:00Z"), OrganizationId = organization, Name = "Hogeschool Zuid", Sector = "Business", Stage = "Lead" }], Cancel);
        var registered = await reporting.SummaryAsync(Cancel);

        Assert.Empty(FigureChange.Between(ByStage(before), ByStage(updatedOnly)));
        Assert.Equal([("Lead", 1L)], FigureChange.Between(ByStage(before), ByStage(registered)));
    }

    [Fact]
    public async Task A_partner_joined_before_its_registration_counts_as_converted_only_once_it_counts_as_a_lead_entered()
    {
        var organization = Guid.NewGuid();
        var before = await reporting.SummaryAsync(Cancel);

        await reporting.TakeInAsync([new PartnerJoined { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-03-01T10:00:00Z"), OrganizationId = organization, OrganizationName = "Gemeente Oostwaarde", Sector = "Government", PreviousStage = "Proposal", RegisteredAt = Scenario.At("2026-01-05T09:00:00Z") }], Cancel);
        var joinedOnly = await reporting.SummaryAsync(Cancel);
        await reporting.TakeInAsync([new OrganizationRegistered { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-01-05T09:00:00Z"), OrganizationId = organization, Name = "Gemeente Oostwaarde", Sector = "Government", Stage = "Lead" }], Cancel);
        var registered = await reporting.SummaryAsync(Cancel);

        Assert.Equal((0L, 0L), Leads(before, joinedOnly));
        Assert.Equal((1L, 1L), Leads(before, registered));
    }

    [Fact]
    public async Task A_seat_from_the_waitlist_before_its_promotion_counts_as_a_conversion_only_once_its_waitlist_place_is_known()
    {
        // One registration waited and was promoted; another got its seat from the waitlist, its
        // promotion (which states the waitlist place) still on its way.
        var experience = Guid.NewGuid();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var (p1, p2) = (Scenario.P(321), Scenario.P(322));
        await reporting.TakeInAsync(
            [
                new ParticipantWaitlisted { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-01T09:00:00Z"), RegistrationId = first, ExperienceId = experience, ProfessionalId = p1, Position = 1 },
                new WaitlistPromoted { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-02T09:00:00Z"), RegistrationId = first, ExperienceId = experience, ProfessionalId = p1, WaitlistedAt = Scenario.At("2026-04-01T09:00:00Z") },
                SeatFromWaitlist(first, experience, p1, "2026-04-02T09:00:00Z"),
                SeatFromWaitlist(second, experience, p2, "2026-04-03T09:00:00Z"),
            ],
            Cancel);
        var promotionOnItsWay = await FunnelAsync(experience);
        await reporting.TakeInAsync([new WaitlistPromoted { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-03T09:00:00Z"), RegistrationId = second, ExperienceId = experience, ProfessionalId = p2, WaitlistedAt = Scenario.At("2026-04-01T10:00:00Z") }], Cancel);
        var promoted = await FunnelAsync(experience);

        Assert.Equal((1L, 1L, 100.0), (promotionOnItsWay.Waitlisted, promotionOnItsWay.WaitlistConversions, promotionOnItsWay.WaitlistConversionPercentage));
        Assert.Equal((2L, 2L, 100.0), (promoted.Waitlisted, promoted.WaitlistConversions, promoted.WaitlistConversionPercentage));
    }

    [Fact]
    public async Task An_attendance_before_its_registration_counts_its_professional_as_registered()
    {
        // An attendance and a no-show taken in, their ParticipantRegistered still on their way.
        var (experience, session) = (Guid.NewGuid(), Guid.NewGuid());
        var (attendee, absentee) = (Scenario.P(323), Scenario.P(324));
        await reporting.TakeInAsync(
            [
                new ParticipantAttended { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-10T21:30:00Z"), RegistrationId = Guid.NewGuid(), ExperienceId = experience, SessionId = session, ProfessionalId = attendee, ExperienceKind = "Screening", HostPartnerIds = [Guid.NewGuid()], SessionStartsAt = Scenario.At("2026-04-10T17:30:00Z"), HoursAttended = 2.5 },
                new ParticipantNoShow { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-10T21:30:00Z"), RegistrationId = Guid.NewGuid(), ExperienceId = experience, SessionId = session, ProfessionalId = absentee, SessionStartsAt = Scenario.At("2026-04-10T17:30:00Z") },
            ],
            Cancel);

        var funnel = await FunnelAsync(experience);

        Assert.Equal((2L, 1L, 1L), (funnel.Registered, funnel.Attended, funnel.NoShows));
    }

    private static IEnumerable<(string, long)> ByStage(ImpactSummary summary) => summary.PartnersByStage.Select(s => (s.Stage, s.Organizations));

    private static (long Entered, long Converted) Leads(ImpactSummary before, ImpactSummary after) =>
        (after.Pipeline.LeadsEntered - before.Pipeline.LeadsEntered, after.Pipeline.LeadsConverted - before.Pipeline.LeadsConverted);

    private static ParticipantRegistered SeatFromWaitlist(Guid registration, Guid experience, string professional, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At(at), RegistrationId = registration, ExperienceId = experience, SessionId = Guid.NewGuid(), ProfessionalId = professional, FullName = "Professional", Email = "professional@example.nl", OrganizationName = "Gemeente Oostwaarde", Role = "Adviser", FromWaitlist = true };

    private Task<Funnel> FunnelAsync(Guid experience) =>
        reporting.Analyst.GetFunnelAsync(new GetFunnelRequest { ExperienceId = experience.ToString() }, cancellationToken: Cancel).ResponseAsync;
}
