using System.Net;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Experience.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Experience.Tests;

/// <summary>Experiences: hosts and experts checked with the Partner service, sessions in local time, lifecycle, calendars.</summary>
[Collection(ExperienceServers.Name)]
public sealed class ExperienceTests(ExperienceFixture fixture)
{
    private const string Movietime = "6d6f7669-6574-4000-8000-000000000001";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ExperienceService.ExperienceServiceClient Manager => fixture.Manager;

    [Fact]
    public async Task Hosts_must_be_Partners_and_experts_active_as_the_Partner_service_says()
    {
        var partner = await fixture.RegisterPartnerAsync();
        var lead = await fixture.RegisterPartnerAsync(makePartner: false);
        var expert = await fixture.RegisterExpertAsync();
        var retired = await fixture.RegisterExpertAsync();
        await fixture.Partners.DeactivateExpertAsync(new Contracts.Partner.V1.DeactivateExpertRequest { Id = retired.Id }, cancellationToken: Cancel);
        CreateExperienceRequest Request(string host, params string[] experts) => new() { FormatId = Movietime, Title = "Beyond Zero", HostPartnerIds = { host }, FacilitatorExpertIds = { experts } };

        var created = await Manager.CreateExperienceAsync(Request(partner.Id, expert.Id), cancellationToken: Cancel);
        var byLead = await Assert.ThrowsAsync<RpcException>(() => Manager.CreateExperienceAsync(Request(lead.Id), cancellationToken: Cancel).ResponseAsync);
        var byStranger = await Assert.ThrowsAsync<RpcException>(() => Manager.CreateExperienceAsync(Request(Guid.NewGuid().ToString()), cancellationToken: Cancel).ResponseAsync);
        var withRetired = await Assert.ThrowsAsync<RpcException>(() => Manager.CreateExperienceAsync(Request(partner.Id, retired.Id), cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListExperiencesAsync(new ListExperiencesRequest { PartnerId = partner.Id }, cancellationToken: Cancel);

        Assert.Equal(ExperienceStatus.Draft, created.Status);
        Assert.Equal(300, created.Capacity);
        Assert.Equal(1, created.FormatVersion);
        Assert.Equal("Movietime screening", created.FormatName);
        Assert.False(created.RegistersForSeries);
        Assert.Equal(StatusCode.FailedPrecondition, byLead.StatusCode);
        Assert.Contains("stage Lead", byLead.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, byStranger.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, withRetired.StatusCode);
        Assert.Equal([created.Id], listed.Experiences.Select(e => e.Id));
    }

    [Fact]
    public async Task Without_the_Partner_service_creation_is_Unavailable_and_creates_nothing()
    {
        var partner = await fixture.RegisterPartnerAsync();
        using var dashboard = fixture.App.CreateDashboardClient();

        (await dashboard.PostAsync(new Uri("/api/resources/partner/stop", UriKind.Relative), null, Cancel)).EnsureSuccessStatusCode();
        RpcException error;
        try
        {
            // The stop is accepted at once and done in the background: until the process is gone it may still answer.
            await fixture.App.WaitForResourceAsync("partner", s => s.State is ResourceState.Exited or ResourceState.Finished, Cancel).WaitAsync(TimeSpan.FromMinutes(1), Cancel);
            error = await Assert.ThrowsAsync<RpcException>(() => Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = "Beyond Zero", HostPartnerIds = { partner.Id } }, cancellationToken: Cancel).ResponseAsync);
        }
        finally
        {
            (await dashboard.PostAsync(new Uri("/api/resources/partner/start", UriKind.Relative), null, Cancel)).EnsureSuccessStatusCode();
            await fixture.App.WaitForResourceHealthyAsync("partner", Cancel).WaitAsync(TimeSpan.FromMinutes(1), Cancel);
        }

        var listed = await Manager.ListExperiencesAsync(new ListExperiencesRequest { PartnerId = partner.Id }, cancellationToken: Cancel);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("Partner service cannot be reached", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(listed.Experiences);
    }

    [Fact]
    public async Task When_the_Partner_service_refuses_the_Experience_services_own_token_creation_is_Unavailable_and_creates_nothing()
    {
        var partner = await fixture.RegisterPartnerAsync();

        // A token without partner.read: the Partner service answers PermissionDenied, which is
        // about the Experience service's token, not the caller's.
        await fixture.RestartExperienceAsync(fixture.ExperienceServiceToken("partner.write"));
        RpcException error;
        try
        {
            error = await Assert.ThrowsAsync<RpcException>(() => Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = "Beyond Zero", HostPartnerIds = { partner.Id } }, cancellationToken: Cancel).ResponseAsync);
        }
        finally
        {
            await fixture.RestartExperienceAsync(fixture.ExperienceServiceToken("partner.read", "partner.write"));
        }

        var listed = await Manager.ListExperiencesAsync(new ListExperiencesRequest { PartnerId = partner.Id }, cancellationToken: Cancel);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("Partner service cannot be reached", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(listed.Experiences);
    }

    [Fact]
    public async Task Sessions_are_given_in_local_time_and_kept_in_UTC_and_a_time_the_clocks_skip_is_refused()
    {
        var host = await fixture.RegisterPartnerAsync();
        var experience = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = "Beyond Zero", HostPartnerIds = { host.Id } }, cancellationToken: Cancel);

        var winter = await Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = "2027-03-05T19:30", EndsAtLocal = "2027-03-05T22:00", TimeZone = "Europe/Amsterdam", Location = "Tivoli" }, cancellationToken: Cancel);
        var summer = await Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = "2027-07-01T19:30", EndsAtLocal = "2027-07-01T22:00", TimeZone = "Europe/Amsterdam", Capacity = 120 }, cancellationToken: Cancel);
        var skipped = await Assert.ThrowsAsync<RpcException>(() => Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = "2027-03-28T02:30", EndsAtLocal = "2027-03-28T01:00", TimeZone = "Mars/Olympus" }, cancellationToken: Cancel).ResponseAsync);
        var gap = await Assert.ThrowsAsync<RpcException>(() => Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = "2027-03-28T02:30", EndsAtLocal = "2027-03-28T04:00", TimeZone = "Europe/Amsterdam" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(new DateTimeOffset(2027, 3, 5, 18, 30, 0, TimeSpan.Zero), winter.StartsAt.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 17, 30, 0, TimeSpan.Zero), summer.StartsAt.ToDateTimeOffset());
        Assert.Equal([1, 2], new[] { winter.Sequence, summer.Sequence });
        Assert.Equal(300, winter.Capacity);
        Assert.Equal(120, summer.Capacity);
        Assert.Equal(["time_zone"], skipped.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(["starts_at_local"], gap.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task Scheduling_needs_a_session_announces_the_experience_and_its_sessions_and_the_lifecycle_refuses_jumps()
    {
        await using var scheduled = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ExperienceScheduled", Cancel);
        await using var sessionEvents = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:SessionScheduled", Cancel);
        var host = await fixture.RegisterPartnerAsync();
        var expert = await fixture.RegisterExpertAsync();
        var experience = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = "Beyond Zero in Utrecht", HostPartnerIds = { host.Id }, FacilitatorExpertIds = { expert.Id }, Location = "Tivoli, Utrecht" }, cancellationToken: Cancel);

        var empty = await Assert.ThrowsAsync<RpcException>(() => Manager.ScheduleExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel).ResponseAsync);
        var session = await Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = "2027-02-11T19:30", EndsAtLocal = "2027-02-11T22:00", TimeZone = "Europe/Amsterdam", Location = "Tivoli" }, cancellationToken: Cancel);
        var jump = await Assert.ThrowsAsync<RpcException>(() => Manager.CompleteExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel).ResponseAsync);
        var done = await Manager.ScheduleExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        var announced = await scheduled.NextAsync(m => m.Has("experienceId", experience.Id), Cancel);
        var sessionAnnounced = await sessionEvents.NextAsync(m => m.Has("experienceId", experience.Id), Cancel);
        var inFebruary = await Manager.ListExperiencesAsync(new ListExperiencesRequest
        {
            PartnerId = host.Id,
            Status = ExperienceStatus.Scheduled,
            StartsFrom = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero)),
            StartsBefore = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)),
        }, cancellationToken: Cancel);
        var inMarch = await Manager.ListExperiencesAsync(new ListExperiencesRequest { PartnerId = host.Id, StartsFrom = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)) }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.FailedPrecondition, empty.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, jump.StatusCode);
        Assert.Equal(ExperienceStatus.Scheduled, done.Status);
        Assert.Equal("Screening", announced.GetProperty("experienceKind").GetString());
        Assert.Equal("Movietime screening", announced.GetProperty("formatName").GetString());
        Assert.Equal(1, announced.GetProperty("formatVersion").GetInt32());
        Assert.Equal([host.Id], announced.GetProperty("hostPartnerIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([expert.Id], announced.GetProperty("facilitatorExpertIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(300, announced.GetProperty("capacity").GetInt32());
        Assert.Equal(session.Id, sessionAnnounced.GetProperty("sessionId").GetString());
        Assert.Equal(new DateTimeOffset(2027, 2, 11, 18, 30, 0, TimeSpan.Zero), sessionAnnounced.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal([experience.Id], inFebruary.Experiences.Select(e => e.Id));
        Assert.Empty(inMarch.Experiences);
    }

    [Fact]
    public async Task Cancelling_a_draft_announces_nothing_and_cancelling_a_scheduled_experience_announces_it()
    {
        await using var cancelled = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ExperienceCancelled", Cancel);
        var host = await fixture.RegisterPartnerAsync();
        var draft = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = "Never planned", HostPartnerIds = { host.Id } }, cancellationToken: Cancel);
        var scheduled = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("02-12T19:30"), NextYear.At("02-12T22:00")));

        var draftCancelled = await Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = draft.Id, Reason = "plans changed" }, cancellationToken: Cancel);
        await Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = scheduled.Id, Reason = "speaker ill" }, cancellationToken: Cancel);
        // The relay publishes in commit order: once the later cancellation is here, an event for
        // the draft would have come before it, or with it.
        var announced = await cancelled.NextAsync(m => m.Has("experienceId", scheduled.Id), Cancel);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        var others = await cancelled.DrainAsync(Cancel);

        Assert.Equal(ExperienceStatus.Cancelled, draftCancelled.Status);
        Assert.Equal("speaker ill", announced.GetProperty("reason").GetString());
        Assert.DoesNotContain(others, e => e.GetProperty("message").Has("experienceId", draft.Id));
    }

    [Fact]
    public async Task A_calendar_folds_a_long_title_into_lines_of_at_most_75_octets_and_a_cancellation_raises_its_SEQUENCE()
    {
        // 150 characters with a two-octet letter and commas (escaped as \,), so folds have to fall
        // next to both.
        var title = string.Concat(Enumerable.Repeat("Café, klimaat ", 10)) + "in Utrecht";
        var host = await fixture.RegisterPartnerAsync();
        var experience = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = title, HostPartnerIds = { host.Id } }, cancellationToken: Cancel);
        await Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = "2027-03-07T19:30", EndsAtLocal = "2027-03-07T22:00", TimeZone = "Europe/Amsterdam" }, cancellationToken: Cancel);
        await Manager.ScheduleExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        using var http = fixture.App.CreateHttpClient("experience");

        var body = await http.GetStringAsync(new Uri($"/calendars/experiences/{experience.Id}.ics", UriKind.Relative), Cancel);
        await Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = experience.Id, Reason = "venue closed" }, cancellationToken: Cancel);
        var afterCancelling = await http.GetStringAsync(new Uri($"/calendars/experiences/{experience.Id}.ics", UriKind.Relative), Cancel);

        var lines = body.Split("\r\n")[..^1];
        var unfolded = body.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Split("\r\n")[..^1];
        var escaped = title.Replace(",", "\\,", StringComparison.Ordinal);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"line longer than 75 octets: {l}"));
        Assert.Contains(lines, l => l.StartsWith(' '));
        // Every line that does not continue the one before starts a property.
        Assert.All(unfolded, l => Assert.Matches("^[A-Z-]+[:;]", l));
        Assert.Contains("X-WR-CALNAME:" + escaped, unfolded);
        Assert.Contains("SUMMARY:" + escaped + " (1)", unfolded);
        // The cancellation is a revision of the entry: calendar programs take it when SEQUENCE is higher.
        Assert.Contains("SEQUENCE:0", unfolded);
        var cancelledLines = afterCancelling.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Split("\r\n");
        Assert.Contains("STATUS:CANCELLED", cancelledLines);
        Assert.Contains("SEQUENCE:1", cancelledLines);
    }

    [Fact]
    public async Task Line_breaks_in_a_title_or_an_online_link_never_start_a_line_of_their_own_in_the_public_calendar_file()
    {
        // A lone carriage return in the title, and a link with a line break and a property after it
        // (the address checks take it: Uri escapes it as %0D%0A).
        var host = await fixture.RegisterPartnerAsync();
        var experience = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = "Webinar\rATTACH:https://evil.example/x", HostPartnerIds = { host.Id }, IsOnline = true }, cancellationToken: Cancel);
        await Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = NextYear.At("03-09T19:30"), EndsAtLocal = NextYear.At("03-09T21:00"), TimeZone = "Europe/Amsterdam", OnlineUrl = "https://meet.example.org/room\r\nATTENDEE:mailto:someone@evil.example" }, cancellationToken: Cancel);
        await Manager.ScheduleExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        using var http = fixture.App.CreateHttpClient("experience");

        var body = await http.GetStringAsync(new Uri($"/calendars/experiences/{experience.Id}.ics", UriKind.Relative), Cancel);

        // Only CRLF ends a line, and every line is a property of the file's own making.
        Assert.DoesNotContain('\r', body.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain('\n', body.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        var unfolded = body.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Split("\r\n")[..^1];
        Assert.DoesNotContain(unfolded, l => l.StartsWith("ATTENDEE", StringComparison.Ordinal) || l.StartsWith("ATTACH", StringComparison.Ordinal));
        Assert.Contains("URL:https://meet.example.org/room%0D%0AATTENDEE:mailto:someone@evil.example", unfolded);
        Assert.Contains("X-WR-CALNAME:Webinar\\nATTACH:https://evil.example/x", unfolded);
    }

    [Fact]
    public async Task A_scheduled_experience_has_a_public_calendar_file_that_calendar_programs_read()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 300, ("2027-03-05T19:30", "2027-03-05T22:00"), ("2027-03-06T14:00", "2027-03-06T16:30"));
        var draft = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = "Not yet", HostPartnerIds = { experience.HostPartnerIds[0] } }, cancellationToken: Cancel);
        using var http = fixture.App.CreateHttpClient("experience");

        var response = await http.GetAsync(new Uri($"/calendars/experiences/{experience.Id}.ics", UriKind.Relative), Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        var single = await http.GetStringAsync(new Uri($"/calendars/sessions/{experience.Sessions[1].Id}.ics", UriKind.Relative), Cancel);
        var hidden = await http.GetAsync(new Uri($"/calendars/experiences/{draft.Id}.ics", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var lines = body.Split("\r\n");
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.Equal("END:VCALENDAR", lines[^2]);
        Assert.DoesNotContain('\n', body.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"line longer than 75 octets: {l}"));
        Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT"));
        Assert.Contains("DTSTART:20270305T183000Z", lines);
        Assert.Contains("DTEND:20270306T153000Z", lines);
        Assert.Contains($"UID:{experience.Sessions[0].Id}@experience.platform", lines);
        Assert.Contains("LOCATION:Tivoli\\, Utrecht", lines);
        Assert.Single(single.Split("\r\n"), l => l == "BEGIN:VEVENT");
        Assert.Contains("DTSTART:20270306T130000Z", single, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task A_cancelled_draft_has_no_calendar_file_as_it_was_never_scheduled()
    {
        var host = await fixture.RegisterPartnerAsync();
        var draft = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = "Never planned", HostPartnerIds = { host.Id } }, cancellationToken: Cancel);
        var session = await Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = draft.Id, StartsAtLocal = NextYear.At("02-13T19:30"), EndsAtLocal = NextYear.At("02-13T22:00"), TimeZone = "Europe/Amsterdam" }, cancellationToken: Cancel);
        using var http = fixture.App.CreateHttpClient("experience");
        var asDraft = await http.GetAsync(new Uri($"/calendars/experiences/{draft.Id}.ics", UriKind.Relative), Cancel);

        await Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = draft.Id, Reason = "plans changed" }, cancellationToken: Cancel);
        var experienceFile = await http.GetAsync(new Uri($"/calendars/experiences/{draft.Id}.ics", UriKind.Relative), Cancel);
        var sessionFile = await http.GetAsync(new Uri($"/calendars/sessions/{session.Id}.ics", UriKind.Relative), Cancel);

        // Never published, so there is no entry in anyone's calendar to call off: as unknown as before.
        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            (asDraft.StatusCode, experienceFile.StatusCode, sessionFile.StatusCode));
    }
}
