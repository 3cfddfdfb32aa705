using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>
/// The funnel of one experience or one partner: an id Reporting never heard of is NotFound (a 404 for
/// the CSV), as for the partner report; one it knows from any of its events is a funnel, zeros or not.
/// On the Reporting service without the scenario, so the shared scenario's figures stay as they are.
/// </summary>
[Collection(BlankReportingServers.Name)]
public sealed class FunnelScopeTests(BlankReporting reporting)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Funnel_of_an_experience_or_partner_Reporting_never_heard_of_is_not_found_in_grpc_and_csv()
    {
        var experience = Guid.NewGuid().ToString();
        var partner = Guid.NewGuid().ToString();
        using var http = Http();

        var unknownExperience = await Assert.ThrowsAsync<RpcException>(() => FunnelAsync(new GetFunnelRequest { ExperienceId = experience }));
        var unknownPartner = await Assert.ThrowsAsync<RpcException>(() => FunnelAsync(new GetFunnelRequest { PartnerId = partner }));
        using var experienceCsv = await http.GetAsync(new Uri($"/reports/funnel.csv?experienceId={experience}", UriKind.Relative), Cancel);
        using var partnerCsv = await http.GetAsync(new Uri($"/reports/funnel.csv?partnerId={partner}", UriKind.Relative), Cancel);

        Assert.Equal((StatusCode.NotFound, $"Experience '{experience}' was not found."), (unknownExperience.StatusCode, unknownExperience.Status.Detail));
        Assert.Equal((StatusCode.NotFound, $"Partner '{partner}' was not found."), (unknownPartner.StatusCode, unknownPartner.Status.Detail));
        Assert.Equal(HttpStatusCode.NotFound, experienceCsv.StatusCode);
        Assert.Contains($"Experience '{experience}' was not found.", await experienceCsv.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, partnerCsv.StatusCode);
        Assert.Contains($"Partner '{partner}' was not found.", await partnerCsv.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Funnel_of_an_experience_or_partner_known_from_any_of_its_events_is_a_funnel_even_without_figures()
    {
        // An organization that hosts nothing yet; an experience scheduled by a host whose own events have
        // not arrived, with no registration yet; an experience whose schedule has not arrived, known
        // only from a registration; one known only from feedback.
        var organization = Guid.NewGuid();
        var host = Guid.NewGuid();
        var scheduled = Guid.NewGuid();
        var registeredOnly = Guid.NewGuid();
        var feedbackOnly = Guid.NewGuid();
        await reporting.TakeInAsync(
            [
                new OrganizationRegistered { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-01-05T09:00:00Z"), OrganizationId = organization, Name = "Gemeente Noordwaarde", Sector = "Government", Stage = "Lead" },
                new ExperienceScheduled { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-01-15T09:00:00Z"), ExperienceId = scheduled, Title = "Beyond Zero in Noordwaarde", ExperienceKind = "Screening", FormatId = Scenario.FormatMovietime, FormatName = "Movietime", FormatVersion = 1, HostPartnerIds = [host], FacilitatorExpertIds = [], IsOnline = false },
                new ParticipantRegistered { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-03-01T09:00:00Z"), RegistrationId = Guid.NewGuid(), ExperienceId = registeredOnly, SessionId = Guid.NewGuid(), ProfessionalId = Scenario.P(301), FullName = "Professional 301", Email = "p301@example.nl", OrganizationName = "Gemeente Noordwaarde", Role = "Adviser", FromWaitlist = false },
                new FeedbackSubmitted { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-11T09:00:00Z"), FeedbackId = Guid.NewGuid(), Revision = 1, ExperienceId = feedbackOnly, ExperienceKind = "Screening", FormatId = Scenario.FormatMovietime, HostPartnerIds = [host], ProfessionalId = Scenario.P(302), Score = 9, WillAct = true },
            ],
            Cancel);
        using var http = Http();

        var ofOrganization = await FunnelAsync(new GetFunnelRequest { PartnerId = organization.ToString() });
        var ofHost = await FunnelAsync(new GetFunnelRequest { PartnerId = host.ToString() });
        var ofScheduled = await FunnelAsync(new GetFunnelRequest { ExperienceId = scheduled.ToString() });
        var ofRegisteredOnly = await FunnelAsync(new GetFunnelRequest { ExperienceId = registeredOnly.ToString() });
        var ofFeedbackOnly = await FunnelAsync(new GetFunnelRequest { ExperienceId = feedbackOnly.ToString() });
        var scheduledCsv = await http.GetStringAsync(new Uri($"/reports/funnel.csv?experienceId={scheduled}", UriKind.Relative), Cancel);

        Assert.Equal(new Funnel(), ofOrganization);
        Assert.Equal(new Funnel(), ofHost);
        Assert.Equal(new Funnel(), ofScheduled);
        Assert.Equal(new Funnel { Registered = 1 }, ofRegisteredOnly);
        Assert.Equal(new Funnel { GaveFeedback = 1 }, ofFeedbackOnly);
        Assert.StartsWith("step,professionals\r\nregistered,0\r\nattended,0\r\n", scheduledCsv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partner_known_only_from_an_engagement_action_or_feedback_as_host_gets_its_report_and_funnel()
    {
        // Events arrive in any order: each partner is named so far only by one event, its organization's
        // own events and the experiences it hosts still on their way.
        var engaged = Guid.NewGuid();
        var committed = Guid.NewGuid();
        var hostInFeedback = Guid.NewGuid();
        var neverNamed = Guid.NewGuid().ToString();
        await reporting.TakeInAsync(
            [
                new ExpertEngaged { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-01T09:00:00Z"), EngagementId = Guid.NewGuid(), ExpertId = Guid.NewGuid(), OrganizationId = engaged, Scope = "Climate team coaching", PlannedHours = 10 },
                new ActionCommitted { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-11T12:00:00Z"), ActionId = Guid.NewGuid(), PartnerId = committed, Title = "Bike to work", Theme = "Mobility", Owner = "Professional 311", DueOn = new DateOnly(2099, 9, 1), Status = "Open" },
                new FeedbackSubmitted { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-11T09:00:00Z"), FeedbackId = Guid.NewGuid(), Revision = 1, ExperienceId = Guid.NewGuid(), ExperienceKind = "Screening", FormatId = Scenario.FormatMovietime, HostPartnerIds = [hostInFeedback], ProfessionalId = Scenario.P(312), Score = 10, WillAct = true },
            ],
            Cancel);
        using var http = Http();

        var ofEngaged = await PartnerReportAsync(engaged.ToString());
        var ofCommitted = await PartnerReportAsync(committed.ToString());
        var ofHost = await PartnerReportAsync(hostInFeedback.ToString());
        using var engagedCsv = await http.GetAsync(new Uri($"/reports/partners/{engaged}.csv", UriKind.Relative), Cancel);
        var funnels = await Task.WhenAll(new[] { engaged, committed, hostInFeedback }.Select(p => FunnelAsync(new GetFunnelRequest { PartnerId = p.ToString() })));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => PartnerReportAsync(neverNamed));
        using var unknownCsv = await http.GetAsync(new Uri($"/reports/partners/{neverNamed}.csv", UriKind.Relative), Cancel);

        Assert.Equal(1, ofEngaged.Engagements);
        Assert.Equal(new ActionCounts { Open = 1 }, ofCommitted.Actions);
        Assert.Equal((1L, 100.0), (ofHost.Nps.Responses, ofHost.Nps.Score));
        Assert.Equal(HttpStatusCode.OK, engagedCsv.StatusCode);
        Assert.All(funnels, f => Assert.Equal(new Funnel(), f));
        Assert.Equal((StatusCode.NotFound, $"Partner '{neverNamed}' was not found."), (unknown.StatusCode, unknown.Status.Detail));
        Assert.Equal(HttpStatusCode.NotFound, unknownCsv.StatusCode);
    }

    [Fact]
    public async Task Co_host_known_only_from_an_attendance_gets_its_report_and_funnel()
    {
        // The experience's own events are still on their way; its attendance names two hosts.
        var (lead, coHost) = (Guid.NewGuid(), Guid.NewGuid());
        await reporting.TakeInAsync([Attended(Guid.NewGuid(), Scenario.P(341), [lead, coHost], "2026-04-10T21:30:00Z")], Cancel);

        var ofCoHost = await PartnerReportAsync(coHost.ToString());
        var funnel = await FunnelAsync(new GetFunnelRequest { PartnerId = coHost.ToString() });

        Assert.Equal(coHost.ToString(), ofCoHost.PartnerId);
        Assert.Equal(new Funnel(), funnel);
    }

    [Fact]
    public async Task Host_known_only_from_an_attendance_corrected_to_a_no_show_gets_its_report_and_funnel()
    {
        // Each host is named so far only by an attendance that a no-show corrected: one taken in before
        // its correction, one after it (older, so the no-show stands).
        var (correctedLater, correctedEarlier) = (Guid.NewGuid(), Guid.NewGuid());
        var first = Attended(Guid.NewGuid(), Scenario.P(342), [correctedLater], "2026-04-10T21:30:00Z");
        var second = Attended(Guid.NewGuid(), Scenario.P(343), [correctedEarlier], "2026-04-10T21:30:00Z");
        await reporting.TakeInAsync([first], Cancel);
        await reporting.TakeInAsync([NoShowCorrecting(first), NoShowCorrecting(second)], Cancel);
        await reporting.TakeInAsync([second], Cancel);

        var reports = await Task.WhenAll(new[] { correctedLater, correctedEarlier }.Select(p => PartnerReportAsync(p.ToString())));
        var funnels = await Task.WhenAll(new[] { correctedLater, correctedEarlier }.Select(p => FunnelAsync(new GetFunnelRequest { PartnerId = p.ToString() })));

        Assert.Equal([correctedLater.ToString(), correctedEarlier.ToString()], reports.Select(r => r.PartnerId));
        Assert.All(funnels, f => Assert.Equal(new Funnel(), f));
    }

    [Fact]
    public async Task Hosts_known_only_from_a_no_show_get_their_report_and_funnel()
    {
        // The experience's own events and its attendances are still on their way; a no-show names its hosts.
        var (lead, coHost) = (Guid.NewGuid(), Guid.NewGuid());
        var noShow = new ParticipantNoShow { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-04-10T21:30:00Z"), RegistrationId = Guid.NewGuid(), ExperienceId = Guid.NewGuid(), SessionId = Guid.NewGuid(), ProfessionalId = Scenario.P(344), SessionStartsAt = Scenario.At("2026-04-10T17:30:00Z"), HostPartnerIds = [lead, coHost] };
        await reporting.TakeInAsync([noShow], Cancel);

        var reports = await Task.WhenAll(new[] { lead, coHost }.Select(p => PartnerReportAsync(p.ToString())));
        var funnels = await Task.WhenAll(new[] { lead, coHost }.Select(p => FunnelAsync(new GetFunnelRequest { PartnerId = p.ToString() })));

        Assert.Equal([lead.ToString(), coHost.ToString()], reports.Select(r => r.PartnerId));
        Assert.All(funnels, f => Assert.Equal(new Funnel(), f));
    }

    private static ParticipantAttended Attended(Guid experience, string professional, IReadOnlyList<Guid> hosts, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At(at), RegistrationId = Guid.NewGuid(), ExperienceId = experience, SessionId = Guid.NewGuid(), ProfessionalId = professional, ExperienceKind = "Screening", HostPartnerIds = hosts, SessionStartsAt = Scenario.At("2026-04-10T17:30:00Z"), HoursAttended = 2.5 };

    private static ParticipantNoShow NoShowCorrecting(ParticipantAttended attended) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = attended.OccurredAt.AddHours(1), RegistrationId = attended.RegistrationId, ExperienceId = attended.ExperienceId, SessionId = attended.SessionId, ProfessionalId = attended.ProfessionalId, SessionStartsAt = attended.SessionStartsAt };

    private Task<PartnerReport> PartnerReportAsync(string partnerId) =>
        reporting.Analyst.GetPartnerReportAsync(new GetPartnerReportRequest { PartnerId = partnerId }, cancellationToken: Cancel).ResponseAsync;

    private Task<Funnel> FunnelAsync(GetFunnelRequest request) =>
        reporting.Analyst.GetFunnelAsync(request, cancellationToken: Cancel).ResponseAsync;

    private HttpClient Http()
    {
        var http = reporting.App.CreateHttpClient("reporting");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", reporting.App.Tokens.Create("analyst", ["reporting.read"], TimeSpan.FromHours(1)));
        return http;
    }
}
