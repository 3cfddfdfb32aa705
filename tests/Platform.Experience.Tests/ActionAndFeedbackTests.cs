using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Experience.V1;
using Platform.Hosting.Testing;

namespace Platform.Experience.Tests;

/// <summary>The action list with its overdue list, participants' commitments, and feedback where the latest counts.</summary>
[Collection(ExperienceServers.Name)]
public sealed class ActionAndFeedbackTests(ExperienceFixture fixture)
{
    private const string Movietime = "6d6f7669-6574-4000-8000-000000000001";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ExperienceService.ExperienceServiceClient Manager => fixture.Manager;

    /// <summary>Today in the network's time zone, as the service counts deadlines.</summary>
    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).DateTime);

    [Fact]
    public async Task Actions_change_status_with_events_and_the_overdue_list_shows_only_late_open_work()
    {
        await using var committed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ActionCommitted", Cancel);
        await using var changed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ActionStatusChanged", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("05-10T19:30"), NextYear.At("05-10T22:00")));
        var host = experience.HostPartnerIds.Single();

        var late = await AddAsync(experience, "LED lighting in the town hall", ActionTheme.EnergyWater, Today.AddDays(-3));
        var lateButDone = await AddAsync(experience, "Paperless council meetings", ActionTheme.PaperPurchasing, Today.AddDays(-10));
        var ahead = await AddAsync(experience, "Bike lease for staff", ActionTheme.Mobility, Today.AddDays(30));
        var postponedTo = Today.AddYears(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var started = await Manager.UpdateActionAsync(new UpdateActionRequest { Id = late.Id, ExpectedVersion = 1, Status = ActionStatus.InProgress }, cancellationToken: Cancel);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateActionAsync(new UpdateActionRequest { Id = late.Id, ExpectedVersion = 1, Status = ActionStatus.Done }, cancellationToken: Cancel).ResponseAsync);
        await Manager.UpdateActionAsync(new UpdateActionRequest { Id = lateButDone.Id, ExpectedVersion = 1, Status = ActionStatus.Done }, cancellationToken: Cancel);
        var postponed = await Manager.UpdateActionAsync(new UpdateActionRequest { Id = ahead.Id, ExpectedVersion = 1, DueOn = postponedTo, Owner = "HR adviser" }, cancellationToken: Cancel);
        var overdue = await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = experience.Id, OverdueOnly = true }, cancellationToken: Cancel);
        var mobility = await Manager.ListActionsAsync(new ListActionsRequest { PartnerId = host, Theme = ActionTheme.Mobility }, cancellationToken: Cancel);
        var all = await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel);
        var commitment = await committed.NextAsync(m => m.Has("actionId", ahead.Id), Cancel);
        // Two actions are two aggregates: their events may come in either order.
        var changes = await changed.EachAsync([m => m.Has("actionId", late.Id), m => m.Has("actionId", ahead.Id)], Cancel);
        var (statusChange, deadlineMoved) = (changes[0], changes[1]);

        Assert.Equal((ActionStatus.Open, 1, host), (late.Status, late.Version, late.PartnerId));
        Assert.Equal((ActionStatus.InProgress, 2), (started.Status, started.Version));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var listed = Assert.Single(overdue.Actions);
        Assert.Equal((late.Id, true, 3), (listed.Id, listed.Overdue, listed.DaysOverdue));
        Assert.Equal([ahead.Id], mobility.Actions.Select(a => a.Id));
        Assert.Equal([lateButDone.Id, late.Id, ahead.Id], all.Actions.Select(a => a.Id));
        Assert.False(all.Actions[0].Overdue);
        Assert.Equal(("Mobility", "Open", host), (commitment.GetProperty("theme").GetString(), commitment.GetProperty("status").GetString(), commitment.GetProperty("partnerId").GetString()));
        Assert.Equal(("Open", "InProgress"), (statusChange.GetProperty("fromStatus").GetString(), statusChange.GetProperty("toStatus").GetString()));
        Assert.Equal((postponedTo, "HR adviser", 2), (postponed.DueOn, postponed.Owner, postponed.Version));
        Assert.Equal(("Open", "Open", postponedTo), (deadlineMoved.GetProperty("fromStatus").GetString(), deadlineMoved.GetProperty("toStatus").GetString(), deadlineMoved.GetProperty("dueOn").GetString()));
    }

    [Fact]
    public async Task Handing_an_action_to_another_owner_is_announced_without_the_first_owners_professional_id()
    {
        await using var changed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ActionStatusChanged", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("05-13T19:30"), NextYear.At("05-13T22:00")));
        var action = await Manager.AddActionAsync(new AddActionRequest { ExperienceId = experience.Id, Title = "Bike lease for staff", Theme = ActionTheme.Mobility, Owner = "Iris de Vries", OwnerEmail = "iris.handover@example.nl", DueOn = Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: Cancel);

        // Only the owner changes: Reporting counts the funnel's committed and completed steps by the owner's professional id.
        await Manager.UpdateActionAsync(new UpdateActionRequest { Id = action.Id, ExpectedVersion = action.Version, Owner = "Joost Facilities" }, cancellationToken: Cancel);
        var announced = await changed.NextAsync(m => m.Has("actionId", action.Id), Cancel);

        Assert.NotEmpty(action.OwnerProfessionalId);
        Assert.Equal(("Open", "Open"), (announced.GetProperty("fromStatus").GetString(), announced.GetProperty("toStatus").GetString()));
        Assert.True(!announced.TryGetProperty("ownerProfessionalId", out var owner) || owner.ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task An_action_update_without_the_version_it_read_is_InvalidArgument_naming_expected_version_and_changes_nothing(int expectedVersion)
    {
        var experience = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("05-12T19:30"), NextYear.At("05-12T22:00")));
        var action = await AddAsync(experience, "LED lighting in the depot", ActionTheme.EnergyWater, Today.AddDays(30));

        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateActionAsync(new UpdateActionRequest { Id = action.Id, ExpectedVersion = expectedVersion, Status = ActionStatus.Done }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["expected_version"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(action, listed.Actions.Single());
    }

    [Fact]
    public async Task Bad_actions_are_refused_with_the_field_or_the_rule_they_break()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("05-11T19:30"), NextYear.At("05-11T22:00")));
        var stranger = await fixture.RegisterPartnerAsync();

        var invalid = await Assert.ThrowsAsync<RpcException>(() => Manager.AddActionAsync(new AddActionRequest { ExperienceId = experience.Id, Title = "", Owner = "Anna", DueOn = "31-12-2027", OwnerEmail = "anna" }, cancellationToken: Cancel).ResponseAsync);
        var notAHost = await Assert.ThrowsAsync<RpcException>(() => Manager.AddActionAsync(new AddActionRequest { ExperienceId = experience.Id, PartnerId = stranger.Id, Title = "Green roof", Theme = ActionTheme.Other, Owner = "Anna", DueOn = "2027-12-31" }, cancellationToken: Cancel).ResponseAsync);
        var nothing = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateActionAsync(new UpdateActionRequest { Id = Guid.NewGuid().ToString(), ExpectedVersion = 1 }, cancellationToken: Cancel).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateActionAsync(new UpdateActionRequest { Id = Guid.NewGuid().ToString(), ExpectedVersion = 1, Status = ActionStatus.Done }, cancellationToken: Cancel).ResponseAsync);
        // Protobuf enums are open: a client can send a status number the contract does not have.
        var action = await AddAsync(experience, "Solar panels on the depot", ActionTheme.EnergyWater, Today.AddDays(30));
        var unknownStatus = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateActionAsync(new UpdateActionRequest { Id = action.Id, ExpectedVersion = 1, Status = (ActionStatus)(-1) }, cancellationToken: Cancel).ResponseAsync);
        var unknownFilter = await Assert.ThrowsAsync<RpcException>(() => Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = experience.Id, Status = (ActionStatus)(-1) }, cancellationToken: Cancel).ResponseAsync);
        var unchanged = Assert.Single((await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Actions);
        // A token of the page token's form whose key is no day (the feedback list's tokens hold a time's ticks).
        var feedbackToken = Convert.ToBase64String([.. BitConverter.GetBytes(DateTimeOffset.UtcNow.UtcTicks), .. Guid.NewGuid().ToByteArray()]);
        var otherListsToken = await Assert.ThrowsAsync<RpcException>(() => Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = experience.Id, PageToken = feedbackToken }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(["title", "owner_email", "theme", "due_on"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.FailedPrecondition, notAHost.StatusCode);
        Assert.Equal("status", nothing.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["status"], unknownStatus.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(["status"], unknownFilter.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal((action.Id, ActionStatus.Open, 1), (unchanged.Id, unchanged.Status, unchanged.Version));
        Assert.Equal(["page_token"], otherListsToken.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task A_participant_commits_to_an_action_and_gives_feedback_once_where_a_second_submission_replaces_the_first()
    {
        await using var feedbackEvents = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:FeedbackSubmitted", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("03-12T19:30"), NextYear.At("03-12T22:00")));
        var participant = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 1), cancellationToken: Cancel);
        var email = ExperienceFixture.Professional(experience, 1).Email;
        var tooEarly = await Assert.ThrowsAsync<RpcException>(() => Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = email, Score = 9, WillAct = true }, cancellationToken: Cancel).ResponseAsync);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);

        var action = await Manager.CommitToActionAsync(new CommitToActionRequest { ExperienceId = experience.Id, Email = email.ToUpperInvariant(), Title = "Vegetarian lunch on Thursdays", Theme = ActionTheme.Other, DueOn = "2027-01-31" }, cancellationToken: Cancel);
        var first = await Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = email, Score = 9, WillAct = true, Comment = "Inspiring" }, cancellationToken: Cancel);
        var second = await Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = email, Score = 6, WillAct = false }, cancellationToken: Cancel);
        var stranger = await Assert.ThrowsAsync<RpcException>(() => Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = "someone.else@example.nl", Score = 10, WillAct = true }, cancellationToken: Cancel).ResponseAsync);
        var incomplete = await Assert.ThrowsAsync<RpcException>(() => Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = email, Score = 11 }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListFeedbackAsync(new ListFeedbackRequest { ExperienceId = experience.Id }, cancellationToken: Cancel);
        var revisions = new[]
        {
            await feedbackEvents.NextAsync(m => m.Has("experienceId", experience.Id), Cancel),
            await feedbackEvents.NextAsync(m => m.Has("experienceId", experience.Id), Cancel),
        };

        Assert.Equal(StatusCode.FailedPrecondition, tooEarly.StatusCode);
        Assert.Equal((participant.FullName, participant.ProfessionalId, true), (action.Owner, action.OwnerProfessionalId, action.CommittedByParticipant));
        Assert.Equal(experience.HostPartnerIds.Single(), action.PartnerId);
        Assert.Equal((first.Id, 1, 2), (second.Id, first.Revision, second.Revision));
        var current = Assert.Single(listed.Feedback);
        Assert.Equal((6, false, "", 2, participant.FullName), (current.Score, current.WillAct, current.Comment, current.Revision, current.FullName));
        Assert.Equal(StatusCode.FailedPrecondition, stranger.StatusCode);
        Assert.Equal(["score", "will_act"], incomplete.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal([1, 2], revisions.Select(r => r.GetProperty("revision").GetInt32()).Order());
        Assert.All(revisions, r => Assert.Equal(first.Id, r.GetProperty("feedbackId").GetString()));
        Assert.Equal([9, 6], revisions.OrderBy(r => r.GetProperty("revision").GetInt32()).Select(r => r.GetProperty("score").GetInt32()));
    }

    [Fact]
    public async Task Feedback_revised_while_it_is_being_listed_keeps_its_place_and_is_listed_exactly_once()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("03-14T19:30"), NextYear.At("03-14T22:00")));
        var emails = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var request = ExperienceFixture.Professional(experience, i);
            await Manager.RegisterAsync(request, cancellationToken: Cancel);
            emails.Add(request.Email);
        }

        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        var given = new List<Feedback>();
        foreach (var email in emails)
        {
            given.Add(await Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = email, Score = 8, WillAct = true }, cancellationToken: Cancel));
        }

        // The newest first; the oldest (on the last page) is revised after the first page was read.
        var first = await Manager.ListFeedbackAsync(new ListFeedbackRequest { ExperienceId = experience.Id, PageSize = 1 }, cancellationToken: Cancel);
        var revised = await Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = emails[0], Score = 3, WillAct = false }, cancellationToken: Cancel);
        var listed = new List<Feedback>(first.Feedback);
        var token = first.NextPageToken;
        while (token.Length > 0 && listed.Count <= given.Count)
        {
            var page = await Manager.ListFeedbackAsync(new ListFeedbackRequest { ExperienceId = experience.Id, PageSize = 1, PageToken = token }, cancellationToken: Cancel);
            listed.AddRange(page.Feedback);
            token = page.NextPageToken;
        }

        // A token of the earlier form (the last one's submission time and id) is refused, not misread.
        var earlierToken = Convert.ToBase64String([.. BitConverter.GetBytes(given[2].SubmittedAt.ToDateTimeOffset().UtcTicks), .. Guid.Parse(given[2].Id).ToByteArray()]);
        var earlier = await Assert.ThrowsAsync<RpcException>(() => Manager.ListFeedbackAsync(new ListFeedbackRequest { ExperienceId = experience.Id, PageToken = earlierToken }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(2, revised.Revision);
        Assert.Equal(given.Select(f => f.Id).Reverse(), listed.Select(f => f.Id));
        Assert.Equal((3, 2), (listed[^1].Score, listed[^1].Revision));
        Assert.Equal(["page_token"], earlier.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task A_participant_e_mail_that_is_no_address_is_a_field_violation_and_feedback_of_an_unknown_experience_is_NotFound()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("03-13T19:30"), NextYear.At("03-13T22:00")));
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);

        var feedback = await Assert.ThrowsAsync<RpcException>(() => Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = "nobody", Score = 8, WillAct = true }, cancellationToken: Cancel).ResponseAsync);
        var commitment = await Assert.ThrowsAsync<RpcException>(() => Manager.CommitToActionAsync(new CommitToActionRequest { ExperienceId = experience.Id, Email = "nobody", Title = "Cycle to work", Theme = ActionTheme.Mobility, DueOn = "2027-06-30" }, cancellationToken: Cancel).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Manager.ListFeedbackAsync(new ListFeedbackRequest { ExperienceId = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(["email"], feedback.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(["email"], commitment.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<ClimateAction> AddAsync(Contracts.Experience.V1.Experience experience, string title, ActionTheme theme, DateOnly dueOn) =>
        await Manager.AddActionAsync(new AddActionRequest { ExperienceId = experience.Id, Title = title, Theme = theme, Owner = "Facility manager", DueOn = dueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken: Cancel);
}
