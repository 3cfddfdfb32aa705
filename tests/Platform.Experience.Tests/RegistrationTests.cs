using System.Globalization;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Experience.V1;
using Platform.Hosting.Testing;

namespace Platform.Experience.Tests;

/// <summary>Registrations: capacity under concurrency, the waitlist, cancellations, attendance and no-shows.</summary>
[Collection(ExperienceServers.Name)]
public sealed class RegistrationTests(ExperienceFixture fixture)
{
    private const string Movietime = "6d6f7669-6574-4000-8000-000000000001";
    private const string ClimateTeamTrajectory = "6d6f7669-6574-4000-8000-000000000004";

    // Races are repeated: one round can miss the moment they overlap.
    private const int RaceRounds = 5;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ExperienceService.ExperienceServiceClient Manager => fixture.Manager;

    private ExperienceDatabase Database => new(fixture.App.GetConnectionString("experiencedb"));

    [Fact]
    public async Task Two_hundred_parallel_registrations_for_a_hundred_seats_give_exactly_a_hundred_seats_and_a_waitlist_in_order()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 100, (NextYear.At("04-01T19:30"), NextYear.At("04-01T22:00")));

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Manager.RegisterAsync(ExperienceFixture.Professional(experience, i), cancellationToken: Cancel).ResponseAsync));
        var session = (await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel)).Sessions.Single();
        var waitlist = await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id, Status = RegistrationStatus.Waitlisted, PageSize = 500 }, cancellationToken: Cancel);
        var all = await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id, PageSize = 500 }, cancellationToken: Cancel);

        // In registration order, also within a group taken in at one time: the seats were
        // given first, then the waitlist in its order.
        Assert.Equal(Enumerable.Repeat(RegistrationStatus.Registered, 100).Concat(Enumerable.Repeat(RegistrationStatus.Waitlisted, 100)), all.Registrations.Select(r => r.Status));
        Assert.Equal(Enumerable.Range(1, 100), all.Registrations.Skip(100).Select(r => r.WaitlistPosition));
        Assert.Equal(100, results.Count(r => r.Status == RegistrationStatus.Registered));
        Assert.Equal(100, results.Count(r => r.Status == RegistrationStatus.Waitlisted));
        Assert.Equal(Enumerable.Range(1, 100), results.Where(r => r.Status == RegistrationStatus.Waitlisted).Select(r => r.WaitlistPosition).Order());
        Assert.Equal((100, 100), (session.RegisteredCount, session.WaitlistedCount));
        Assert.Equal(Enumerable.Range(1, 100), waitlist.Registrations.Select(r => r.WaitlistPosition));
        // The list is in waitlist order: each was told the position it has in the list.
        Assert.Equal(
            waitlist.Registrations.Select(r => r.Id),
            results.Where(r => r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.WaitlistPosition).Select(r => r.Id));
    }

    [Fact]
    public async Task A_professional_twice_among_parallel_registrations_gets_AlreadyExists_once_and_the_others_are_all_taken_in()
    {
        // Registrations arriving together are taken in as one group; a duplicate in the group
        // makes the group fall back to one by one, and only the duplicate is refused.
        var experience = await fixture.ScheduleAsync(Movietime, 10, (NextYear.At("04-02T19:30"), NextYear.At("04-02T22:00")));
        var requests = Enumerable.Range(0, 30).Select(i => ExperienceFixture.Professional(experience, i)).Append(ExperienceFixture.Professional(experience, 5));

        var outcomes = await Task.WhenAll(requests.Select(async request =>
        {
            try
            {
                return (Registration: await Manager.RegisterAsync(request, cancellationToken: Cancel).ResponseAsync, Status: StatusCode.OK);
            }
            catch (RpcException ex)
            {
                return (Registration: (Registration?)null, Status: ex.StatusCode);
            }
        }));
        var session = (await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel)).Sessions.Single();

        Assert.Equal(StatusCode.AlreadyExists, Assert.Single(outcomes, o => o.Status != StatusCode.OK).Status);
        var registered = outcomes.Where(o => o.Registration is not null).Select(o => o.Registration!).ToList();
        Assert.Equal(30, registered.Select(r => r.ProfessionalId).Distinct().Count());
        Assert.Equal(10, registered.Count(r => r.Status == RegistrationStatus.Registered));
        Assert.Equal(Enumerable.Range(1, 20), registered.Where(r => r.Status == RegistrationStatus.Waitlisted).Select(r => r.WaitlistPosition).Order());
        Assert.Equal((10, 20), (session.RegisteredCount, session.WaitlistedCount));
    }

    [Fact]
    public async Task A_cancelled_seat_goes_to_the_first_on_the_waitlist_who_is_announced_as_promoted()
    {
        await using var promoted = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:WaitlistPromoted", Cancel);
        await using var registered = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ParticipantRegistered", Cancel);
        await using var cancelled = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:RegistrationCancelled", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 2, (NextYear.At("04-02T19:30"), NextYear.At("04-02T22:00")));
        var people = new List<Registration>();
        for (var i = 0; i < 4; i++)
        {
            people.Add(await Manager.RegisterAsync(ExperienceFixture.Professional(experience, i), cancellationToken: Cancel));
        }

        var cancellation = await Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = people[0].Id, Reason = "ill" }, cancellationToken: Cancel);
        var again = await Assert.ThrowsAsync<RpcException>(() => Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = people[0].Id }, cancellationToken: Cancel).ResponseAsync);
        var all = (await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Registrations.ToDictionary(r => r.Id);
        var promotion = await promoted.NextAsync(m => m.Has("experienceId", experience.Id), Cancel);
        var seatFromWaitlist = await registered.NextAsync(m => m.Has("registrationId", people[2].Id), Cancel);
        var cancelEvent = await cancelled.NextAsync(m => m.Has("registrationId", people[0].Id), Cancel);

        Assert.Equal([RegistrationStatus.Registered, RegistrationStatus.Registered, RegistrationStatus.Waitlisted, RegistrationStatus.Waitlisted], people.Select(p => p.Status));
        Assert.Equal(RegistrationStatus.Cancelled, cancellation.Status);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal(RegistrationStatus.Registered, all[people[2].Id].Status);
        Assert.True(all[people[2].Id].FromWaitlist);
        Assert.Equal(1, all[people[3].Id].WaitlistPosition);
        Assert.Equal(people[2].Id, promotion.GetProperty("registrationId").GetString());
        Assert.True(seatFromWaitlist.GetProperty("fromWaitlist").GetBoolean());
        Assert.Equal("Registered", cancelEvent.GetProperty("previousStatus").GetString());
        Assert.Equal("Participant", cancelEvent.GetProperty("cancelledBy").GetString());
        Assert.Equal("ill", cancelEvent.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_same_professional_twice_is_AlreadyExists_a_retry_registers_once_and_bad_input_names_its_fields()
    {
        var screening = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("04-03T19:30"), NextYear.At("04-03T22:00")));
        var trajectory = await fixture.ScheduleAsync(ClimateTeamTrajectory, 15, (NextYear.At("05-01T09:00"), NextYear.At("05-01T12:00")));
        var first = ExperienceFixture.Professional(screening, 1);
        first.RequestId = Guid.NewGuid().ToString();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Manager.RegisterAsync(first, cancellationToken: Cancel).ResponseAsync));

        var twice = ExperienceFixture.Professional(screening, 1);
        twice.Email = "  " + twice.Email.ToUpperInvariant();
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => Manager.RegisterAsync(twice, cancellationToken: Cancel).ResponseAsync);
        var forSession = ExperienceFixture.Professional(trajectory, 1);
        forSession.SessionId = trajectory.Sessions[0].Id;
        var seriesWithSession = await Assert.ThrowsAsync<RpcException>(() => Manager.RegisterAsync(forSession, cancellationToken: Cancel).ResponseAsync);
        var withoutSession = ExperienceFixture.Professional(screening, 2);
        withoutSession.SessionId = string.Empty;
        var screeningWithoutSession = await Assert.ThrowsAsync<RpcException>(() => Manager.RegisterAsync(withoutSession, cancellationToken: Cancel).ResponseAsync);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Manager.RegisterAsync(new RegisterRequest { ExperienceId = "x", Email = "nobody", Role = new string('r', 101) }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = screening.Id }, cancellationToken: Cancel);

        Assert.Single(listed.Registrations);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Equal("session_id", seriesWithSession.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal("session_id", screeningWithoutSession.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(["full_name", "email", "role", "experience_id"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(64, listed.Registrations[0].ProfessionalId.Length);
    }

    [Fact]
    public async Task A_no_show_names_the_experiences_host_partners()
    {
        await using var noShows = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ParticipantNoShow", Cancel);
        // A series whose first workshop has already taken place: its registration holds a seat in it.
        var trajectory = await fixture.ScheduleAsync(ClimateTeamTrajectory, 15, ("2026-01-15T09:00", "2026-01-15T12:30"), (NextYear.At("06-01T09:00"), NextYear.At("06-01T12:30")));
        var absentee = await Manager.RegisterAsync(ExperienceFixture.Professional(trajectory, 0), cancellationToken: Cancel);

        await Manager.MarkNoShowsAsync(new MarkNoShowsRequest { SessionId = trajectory.Sessions[0].Id }, cancellationToken: Cancel);
        var noShow = await noShows.NextAsync(m => m.Has("registrationId", absentee.Id), Cancel);

        Assert.True(noShow.TryGetProperty("hostPartnerIds", out var hosts), "The no-show names no hosts.");
        Assert.Equal(trajectory.HostPartnerIds, hosts.EnumerateArray().Select(h => h.GetString()));
    }

    [Fact]
    public async Task Check_ins_one_by_one_and_in_bulk_then_no_shows_after_the_session_and_a_completion_with_the_figures()
    {
        await using var attended = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ParticipantAttended", Cancel);
        await using var noShows = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ParticipantNoShow", Cancel);
        await using var completed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ExperienceCompleted", Cancel);
        // A series whose first workshop has already taken place, the second is still ahead.
        var trajectory = await fixture.ScheduleAsync(ClimateTeamTrajectory, 15, ("2026-01-15T09:00", "2026-01-15T12:30"), (NextYear.At("06-01T09:00"), NextYear.At("06-01T12:30")));
        var people = new List<Registration>();
        for (var i = 0; i < 5; i++)
        {
            people.Add(await Manager.RegisterAsync(ExperienceFixture.Professional(trajectory, i), cancellationToken: Cancel));
        }

        var past = trajectory.Sessions[0].Id;
        var single = await Manager.CheckInAsync(new CheckInRequest { RegistrationId = people[0].Id, SessionId = past }, cancellationToken: Cancel);
        var bulk = await Manager.CheckInManyAsync(new CheckInManyRequest { SessionId = past, RegistrationIds = { people[0].Id, people[1].Id, people[2].Id } }, cancellationToken: Cancel);
        var tooEarly = await Assert.ThrowsAsync<RpcException>(() => Manager.MarkNoShowsAsync(new MarkNoShowsRequest { SessionId = trajectory.Sessions[1].Id }, cancellationToken: Cancel).ResponseAsync);
        var marked = await Manager.MarkNoShowsAsync(new MarkNoShowsRequest { SessionId = past }, cancellationToken: Cancel);
        var markedAgain = await Manager.MarkNoShowsAsync(new MarkNoShowsRequest { SessionId = past }, cancellationToken: Cancel);
        var late = await Assert.ThrowsAsync<RpcException>(() => Manager.CheckInAsync(new CheckInRequest { RegistrationId = people[4].Id, SessionId = past }, cancellationToken: Cancel).ResponseAsync);
        var attendance = await attended.NextAsync(m => m.Has("registrationId", people[0].Id), Cancel);
        var noShow = await noShows.NextAsync(m => m.Has("experienceId", trajectory.Id), Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = trajectory.Id }, cancellationToken: Cancel);
        var done = await Manager.CompleteExperienceAsync(new ChangeExperienceRequest { Id = trajectory.Id }, cancellationToken: Cancel);
        var completion = await completed.NextAsync(m => m.Has("experienceId", trajectory.Id), Cancel);

        Assert.Equal(AttendanceStatus.Attended, single.Status);
        Assert.Equal((2, 1), (bulk.CheckedIn, bulk.AlreadyCheckedIn));
        Assert.Equal(StatusCode.FailedPrecondition, tooEarly.StatusCode);
        Assert.Equal(2, marked.NoShows);
        Assert.Equal(0, markedAgain.NoShows);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        Assert.Equal(3.5, attendance.GetProperty("hoursAttended").GetDouble());
        Assert.Equal("Trajectory", attendance.GetProperty("experienceKind").GetString());
        Assert.Equal(past, attendance.GetProperty("sessionId").GetString());
        Assert.Contains(noShow.GetProperty("registrationId").GetString(), new[] { people[3].Id, people[4].Id });
        Assert.Equal(ExperienceStatus.Completed, done.Status);
        Assert.Equal(1, completion.GetProperty("sessionsHeld").GetInt32());
        Assert.Equal(3, completion.GetProperty("participantCount").GetInt32());
        Assert.Equal(10.5, completion.GetProperty("participantHours").GetDouble());
    }

    [Fact]
    public async Task Participant_hours_of_a_completed_experience_are_the_sum_of_the_hours_its_attendances_announced()
    {
        await using var attended = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ParticipantAttended", Cancel);
        await using var completed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ExperienceCompleted", Cancel);
        // 80 minutes: 1.333... hours, announced as 1.33 per attendance.
        var experience = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("04-11T19:30"), NextYear.At("04-11T20:50")));
        var people = new List<Registration>();
        for (var i = 0; i < 3; i++)
        {
            people.Add(await Manager.RegisterAsync(ExperienceFixture.Professional(experience, i), cancellationToken: Cancel));
        }

        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        foreach (var person in people)
        {
            await Manager.CheckInAsync(new CheckInRequest { RegistrationId = person.Id }, cancellationToken: Cancel);
        }

        await Manager.CompleteExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        var hours = (await EventsOfAsync(attended, experience.Id, 3)).Select(m => m.GetProperty("hoursAttended").GetDouble()).ToList();
        var participantHours = (await completed.NextAsync(m => m.Has("experienceId", experience.Id), Cancel)).GetProperty("participantHours").GetDouble();

        Assert.Equal([1.33, 1.33, 1.33], hours);
        Assert.Equal(3.99, participantHours);
        Assert.Equal(Math.Round(hours.Sum(), 2), participantHours);
    }

    [Fact]
    public async Task Check_ins_racing_the_completion_of_their_experience_are_counted_in_it_or_refused()
    {
        await using var completed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ExperienceCompleted", Cancel);
        for (var round = 0; round < RaceRounds; round++)
        {
            var experience = await fixture.ScheduleAsync(Movietime, 100, (NextYear.At("04-10T19:30"), NextYear.At("04-10T22:00")));
            var people = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Manager.RegisterAsync(ExperienceFixture.Professional(experience, i), cancellationToken: Cancel).ResponseAsync));
            await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);

            var checkIns = people.Select(p => Calls.OutcomeAsync(Manager.CheckInAsync(new CheckInRequest { RegistrationId = p.Id }, cancellationToken: Cancel))).ToList();
            await Task.WhenAny(checkIns);
            await Manager.CompleteExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
            var outcomes = await Task.WhenAll(checkIns);
            var completion = await completed.NextAsync(m => m.Has("experienceId", experience.Id), Cancel);

            Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { StatusCode.OK, StatusCode.FailedPrecondition }));
            // Every check-in that was stored is among the completion's participants.
            Assert.Equal(outcomes.Count(o => o.Status == StatusCode.OK), completion.GetProperty("participantCount").GetInt32());
        }
    }

    [Fact]
    public async Task Check_ins_racing_the_marking_of_no_shows_leave_each_person_attended_or_a_no_show()
    {
        const int People = 150;
        var series = new List<(string Id, List<string> Registrations)>();
        for (var round = 0; round < 3; round++)
        {
            var trajectory = await fixture.ScheduleAsync(ClimateTeamTrajectory, 300, (NextYear.At("06-02T09:00"), NextYear.At("06-02T12:30")));
            var people = await Task.WhenAll(Enumerable.Range(0, People).Select(i => Manager.RegisterAsync(ExperienceFixture.Professional(trajectory, i), cancellationToken: Cancel).ResponseAsync));
            series.Add((trajectory.Id, people.Select(p => p.Id).ToList()));
        }

        // A workshop that ended last night: its check-ins and its no-shows are both due.
        var ends = new DateTimeOffset(DateTimeOffset.UtcNow.Date, TimeSpan.Zero).AddHours(-1);
        var workshops = new List<string>();
        foreach (var (id, _) in series)
        {
            workshops.Add((await AddSessionEndingAtAsync(id, ends)).Id);
        }

        for (var round = 0; round < series.Count; round++)
        {
            var checkIn = Calls.OutcomeAsync(Manager.CheckInManyAsync(new CheckInManyRequest { SessionId = workshops[round], RegistrationIds = { series[round].Registrations } }, cancellationToken: Cancel));
            var marking = Calls.OutcomeAsync(Manager.MarkNoShowsAsync(new MarkNoShowsRequest { SessionId = workshops[round] }, cancellationToken: Cancel));
            var (checkedIn, marked) = (await checkIn, await marking);

            Assert.Equal(StatusCode.OK, marked.Status);
            // The list came in before the attendance closed, or after and was refused: everyone counts once.
            Assert.Contains(
                (checkedIn.Status, checkedIn.Answer?.CheckedIn ?? 0, marked.Answer!.NoShows),
                new[] { (StatusCode.OK, People, 0), (StatusCode.FailedPrecondition, 0, People) });
        }
    }

    [Fact]
    public async Task Two_overlapping_check_in_lists_at_once_both_succeed_and_count_everyone_once()
    {
        await using var attended = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ParticipantAttended", Cancel);
        for (var round = 0; round < RaceRounds; round++)
        {
            var experience = await fixture.ScheduleAsync(Movietime, 300, (NextYear.At("04-12T19:30"), NextYear.At("04-12T22:00")));
            var people = (await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Manager.RegisterAsync(ExperienceFixture.Professional(experience, i), cancellationToken: Cancel).ResponseAsync))).Select(p => p.Id).ToList();

            var lists = await Task.WhenAll(
                Manager.CheckInManyAsync(new CheckInManyRequest { SessionId = experience.Sessions[0].Id, RegistrationIds = { people[..150] } }, cancellationToken: Cancel).ResponseAsync,
                Manager.CheckInManyAsync(new CheckInManyRequest { SessionId = experience.Sessions[0].Id, RegistrationIds = { people[50..] } }, cancellationToken: Cancel).ResponseAsync);
            var announced = await EventsOfAsync(attended, experience.Id, 200);

            Assert.Equal(200, lists.Sum(l => l.CheckedIn));
            Assert.Equal(100, lists.Sum(l => l.AlreadyCheckedIn));
            Assert.All(lists, l => Assert.Equal(150, l.CheckedIn + l.AlreadyCheckedIn));
            Assert.Equal(people.Order(), announced.Select(m => m.GetProperty("registrationId").GetString()!).Order());
        }
    }

    [Fact]
    public async Task Cancelling_an_experience_cancels_every_open_registration_as_the_organizer()
    {
        await using var cancelled = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:RegistrationCancelled", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 1, (NextYear.At("04-04T19:30"), NextYear.At("04-04T22:00")));
        var seated = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 1), cancellationToken: Cancel);
        var waiting = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 2), cancellationToken: Cancel);
        var before = await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);

        var noReason = await Assert.ThrowsAsync<RpcException>(() => Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel).ResponseAsync);
        var done = await Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = experience.Id, Reason = "venue flooded" }, cancellationToken: Cancel);
        var first = await cancelled.NextAsync(m => m.Has("experienceId", experience.Id), Cancel);
        var second = await cancelled.NextAsync(m => m.Has("experienceId", experience.Id), Cancel);
        var closed = await Assert.ThrowsAsync<RpcException>(() => Manager.RegisterAsync(ExperienceFixture.Professional(experience, 3), cancellationToken: Cancel).ResponseAsync);
        var read = await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        var listed = Assert.Single((await Manager.ListExperiencesAsync(new ListExperiencesRequest { PartnerId = experience.HostPartnerIds[0] }, cancellationToken: Cancel)).Experiences);

        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        Assert.Equal(ExperienceStatus.Cancelled, done.Status);
        Assert.Equal("venue flooded", done.CancellationReason);
        Assert.Equal(
            new[] { (seated.Id, "Registered"), (waiting.Id, "Waitlisted") }.Order(),
            new[] { first, second }.Select(m => (m.GetProperty("registrationId").GetString()!, m.GetProperty("previousStatus").GetString()!)).Order());
        Assert.All(new[] { first, second }, m => Assert.Equal("Organizer", m.GetProperty("cancelledBy").GetString()));
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        // Nobody is registered or waiting any more, whichever way the experience is read.
        Assert.Equal((1, 1), (before.Sessions.Single().RegisteredCount, before.Sessions.Single().WaitlistedCount));
        Assert.All(new[] { done, read, listed }, e => Assert.Equal((0, 0), (e.Sessions.Single().RegisteredCount, e.Sessions.Single().WaitlistedCount)));
    }

    [Fact]
    public async Task Cancelling_a_running_experience_keeps_the_seats_that_were_checked_in_and_cancels_the_rest()
    {
        await using var cancelled = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:RegistrationCancelled", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 2, (NextYear.At("04-07T19:30"), NextYear.At("04-07T22:00")));
        var came = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 1), cancellationToken: Cancel);
        var notYetIn = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 2), cancellationToken: Cancel);
        var waiting = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 3), cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        await Manager.CheckInAsync(new CheckInRequest { RegistrationId = came.Id }, cancellationToken: Cancel);

        // The projector breaks down during the film.
        var done = await Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = experience.Id, Reason = "projector broke down" }, cancellationToken: Cancel);
        var announced = await cancelled.EachAsync([m => m.Has("registrationId", notYetIn.Id), m => m.Has("registrationId", waiting.Id)], Cancel);
        var all = (await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Registrations.ToDictionary(r => r.Id);
        var read = await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        var listed = Assert.Single((await Manager.ListExperiencesAsync(new ListExperiencesRequest { PartnerId = experience.HostPartnerIds[0] }, cancellationToken: Cancel)).Experiences);

        Assert.Equal(
            (RegistrationStatus.Registered, RegistrationStatus.Cancelled, RegistrationStatus.Cancelled),
            (all[came.Id].Status, all[notYetIn.Id].Status, all[waiting.Id].Status));
        Assert.Equal(["Registered", "Waitlisted"], announced.Select(m => m.GetProperty("previousStatus").GetString()));
        // The seat that was used stays, as CancelRegistration leaves it: no cancellation is announced
        // beside its attendance (the outbox keeps the events it sent).
        Assert.Equal(0L, await Database.OutboxEventsAsync(came.Id, "RegistrationCancelled"));
        Assert.Equal(1L, await Database.OutboxEventsAsync(came.Id, "ParticipantAttended"));
        // The counts agree with the list: the seat kept is registered, nobody waits.
        Assert.All(new[] { done, read, listed }, e => Assert.Equal((1, 0), (e.Sessions.Single().RegisteredCount, e.Sessions.Single().WaitlistedCount)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Registrations_racing_the_cancellation_of_their_experience_are_refused_or_cancelled_with_it(bool withRequestId)
    {
        var experience = await fixture.ScheduleAsync(Movietime, 500, (NextYear.At("04-05T19:30"), NextYear.At("04-05T22:00")));
        var registered = 0;
        // Callers keep registering until they are refused, so registrations are under way while the
        // experience is cancelled. With a request id each is a transaction of its own; without,
        // those arriving together are taken in as a group (RegistrationDesk).
        var callers = Enumerable.Range(0, 16).Select(async caller =>
        {
            var outcomes = new List<StatusCode>();
            for (var i = caller; i < 400; i += 16)
            {
                var request = ExperienceFixture.Professional(experience, i);
                request.RequestId = withRequestId ? Guid.NewGuid().ToString() : string.Empty;
                try
                {
                    await Manager.RegisterAsync(request, cancellationToken: Cancel);
                    outcomes.Add(StatusCode.OK);
                    Interlocked.Increment(ref registered);
                }
                catch (RpcException ex)
                {
                    outcomes.Add(ex.StatusCode);
                    break;
                }
            }

            return outcomes;
        }).ToList();

        while (Volatile.Read(ref registered) < 50)
        {
            await Task.Delay(5, Cancel);
        }

        await Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = experience.Id, Reason = "speaker ill" }, cancellationToken: Cancel);
        var outcomes = (await Task.WhenAll(callers)).SelectMany(o => o).ToList();
        var registrations = (await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id, PageSize = 500 }, cancellationToken: Cancel)).Registrations;

        Assert.All(outcomes, o => Assert.Contains(o, new[] { StatusCode.OK, StatusCode.FailedPrecondition }));
        Assert.Equal(outcomes.Count(o => o == StatusCode.OK), registrations.Count);
        // Nobody is left holding a seat or a waitlist place in an experience that will not take place.
        Assert.DoesNotContain(registrations, r => r.Status != RegistrationStatus.Cancelled);
    }

    [Fact]
    public async Task Seats_cancelled_while_their_experience_is_cancelled_leave_everyone_cancelled_once_and_nobody_promoted_after_it()
    {
        await using var cancelledRegistrations = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:RegistrationCancelled", Cancel);
        await using var promotions = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:WaitlistPromoted", Cancel);
        await using var cancelledExperiences = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ExperienceCancelled", Cancel);
        for (var round = 0; round < RaceRounds; round++)
        {
            var experience = await fixture.ScheduleAsync(Movietime, 20, (NextYear.At("04-09T19:30"), NextYear.At("04-09T22:00")));
            var people = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Manager.RegisterAsync(ExperienceFixture.Professional(experience, i), cancellationToken: Cancel).ResponseAsync));

            var cancellations = people.Where(p => p.Status == RegistrationStatus.Registered)
                .Select(p => Calls.OutcomeAsync(Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = p.Id, Reason = "cannot come" }, cancellationToken: Cancel)))
                .ToList();
            await Task.WhenAny(cancellations);
            await Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = experience.Id, Reason = "cinema closed" }, cancellationToken: Cancel);
            var outcomes = await Task.WhenAll(cancellations);
            var registrations = (await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id, PageSize = 500 }, cancellationToken: Cancel)).Registrations;
            var experienceCancelled = (await cancelledExperiences.NextAsync(m => m.Has("experienceId", experience.Id), Cancel)).GetProperty("occurredAt").GetDateTimeOffset();
            var promoted = await EventsOfAsync(promotions, experience.Id, outcomes.Count(o => o.Status == StatusCode.OK));
            var cancelled = (await EventsOfAsync(cancelledRegistrations, experience.Id, 40)).ToLookup(m => m.GetProperty("registrationId").GetString()!);

            Assert.Equal((20, 20), (people.Count(p => p.Status == RegistrationStatus.Registered), people.Count(p => p.Status == RegistrationStatus.Waitlisted)));
            Assert.All(outcomes, o => Assert.Contains(o.Status, new[] { StatusCode.OK, StatusCode.FailedPrecondition }));
            Assert.All(registrations, r => Assert.Equal(RegistrationStatus.Cancelled, r.Status));
            Assert.All(people, p => Assert.Single(cancelled[p.Id]));
            Assert.All(promoted, m =>
            {
                // Promoted before the experience was cancelled, and so cancelled with it as a seat holder.
                Assert.True(m.GetProperty("occurredAt").GetDateTimeOffset() <= experienceCancelled);
                Assert.Equal("Registered", cancelled[m.GetProperty("registrationId").GetString()!].Single().GetProperty("previousStatus").GetString());
            });
        }
    }

    [Fact]
    public async Task A_seat_cancelled_after_the_experience_completed_is_released_and_nobody_is_promoted_into_it()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 1, (NextYear.At("04-06T19:30"), NextYear.At("04-06T22:00")));
        var seated = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 1), cancellationToken: Cancel);
        var waiting = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 2), cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        await Manager.CompleteExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);

        var cancellation = await Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = seated.Id, Reason = "tidying up the list" }, cancellationToken: Cancel);
        var all = (await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Registrations.ToDictionary(r => r.Id);
        var session = (await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel)).Sessions.Single();

        Assert.Equal((RegistrationStatus.Registered, RegistrationStatus.Waitlisted), (seated.Status, waiting.Status));
        Assert.Equal(RegistrationStatus.Cancelled, cancellation.Status);
        Assert.Equal((RegistrationStatus.Waitlisted, false, 1), (all[waiting.Id].Status, all[waiting.Id].FromWaitlist, all[waiting.Id].WaitlistPosition));
        Assert.Equal((0, 1), (session.RegisteredCount, session.WaitlistedCount));
    }

    [Fact]
    public async Task A_session_registration_that_was_checked_in_cannot_be_cancelled_but_a_no_show_can_be_tidied_away()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 10, (NextYear.At("04-06T19:30"), NextYear.At("04-06T22:00")));
        var came = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 1), cancellationToken: Cancel);
        var stayedAway = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 2), cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        await Manager.CheckInAsync(new CheckInRequest { RegistrationId = came.Id }, cancellationToken: Cancel);
        await Manager.CompleteExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = came.Id, Reason = "tidying up the list" }, cancellationToken: Cancel).ResponseAsync);
        var tidied = await Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = stayedAway.Id, Reason = "told us she could not come" }, cancellationToken: Cancel);
        var all = (await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Registrations.ToDictionary(r => r.Id);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("checked in", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(RegistrationStatus.Registered, all[came.Id].Status);
        Assert.Equal(RegistrationStatus.Cancelled, tidied.Status);
    }

    [Fact]
    public async Task The_waitlist_of_an_experience_with_two_sessions_pages_through_everyone_waiting()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 1, (NextYear.At("04-07T19:30"), NextYear.At("04-07T22:00")), (NextYear.At("04-08T19:30"), NextYear.At("04-08T22:00")));
        var waiting = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var request = ExperienceFixture.Professional(experience, i);
            request.SessionId = experience.Sessions[i % 2].Id;
            var registration = await Manager.RegisterAsync(request, cancellationToken: Cancel);
            if (registration.Status == RegistrationStatus.Waitlisted)
            {
                waiting.Add(registration.Id);
            }
        }

        // Each session's waitlist numbers from 1: the pages must not skip someone with the same number.
        var listed = new List<Registration>();
        var token = string.Empty;
        do
        {
            var page = await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id, Status = RegistrationStatus.Waitlisted, PageSize = 1, PageToken = token }, cancellationToken: Cancel);
            listed.AddRange(page.Registrations);
            token = page.NextPageToken;
        }
        while (token.Length > 0 && listed.Count <= waiting.Count);

        Assert.Equal(4, waiting.Count);
        Assert.Equal(waiting.Order(), listed.Select(r => r.Id).Order());
        Assert.Equal([1, 1, 2, 2], listed.Select(r => r.WaitlistPosition));
    }

    [Fact]
    public async Task Waitlisted_ones_present_throughout_a_listing_are_listed_exactly_once_while_the_first_are_promoted_and_others_join()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 1, (NextYear.At("04-13T19:30"), NextYear.At("04-13T22:00")));
        var seated = await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 0), cancellationToken: Cancel);
        var waiting = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            waiting.Add((await Manager.RegisterAsync(ExperienceFixture.Professional(experience, i), cancellationToken: Cancel)).Id);
        }

        // Between the pages the seat holder cancels (the first waiting is promoted, all positions
        // move up one) and someone joins at the end: the pages go by waitlist number, which a
        // place keeps while it waits, not by position.
        var listed = new List<Registration>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var page = await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id, Status = RegistrationStatus.Waitlisted, PageSize = 2, PageToken = token }, cancellationToken: Cancel);
            listed.AddRange(page.Registrations);
            token = page.NextPageToken;
            if (++pages == 1)
            {
                await Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = seated.Id }, cancellationToken: Cancel);
                await Manager.RegisterAsync(ExperienceFixture.Professional(experience, 6), cancellationToken: Cancel);
            }
        }
        while (token.Length > 0 && pages < 10);

        // Present throughout: the second to the fifth waiting (the first was promoted after its page).
        Assert.Equal(waiting, listed.Select(r => r.Id).Take(5));
        Assert.Equal(listed.Count, listed.Select(r => r.Id).Distinct().Count());
        Assert.Equal([1, 2, 2, 3, 4], listed.Take(5).Select(r => r.WaitlistPosition));
    }

    /// <summary>The events of an experience: the <paramref name="expected"/> first, and any more that follow within half a second.</summary>
    private static async Task<List<JsonElement>> EventsOfAsync(EventSubscriber events, string experienceId, int expected)
    {
        var found = new List<JsonElement>();
        for (var i = 0; i < expected; i++)
        {
            found.Add(await events.NextAsync(m => m.Has("experienceId", experienceId), Cancel));
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);
        found.AddRange((await events.DrainAsync(Cancel)).Select(e => e.GetProperty("message")).Where(m => m.Has("experienceId", experienceId)));
        return found;
    }

    /// <summary>Adds a session of 3.5 hours that ends at <paramref name="ends"/> to a scheduled experience (given in UTC).</summary>
    private async Task<Session> AddSessionEndingAtAsync(string experienceId, DateTimeOffset ends) =>
        await Manager.AddSessionAsync(new AddSessionRequest
        {
            ExperienceId = experienceId,
            StartsAtLocal = ends.AddHours(-3.5).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            EndsAtLocal = ends.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            TimeZone = "Etc/UTC",
            Location = "Stadhuis, Utrecht",
        }, cancellationToken: Cancel);
}
