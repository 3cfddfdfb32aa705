using Grpc.Core;
using Platform.Contracts.Experience.V1;
using Platform.Hosting.Testing;

namespace Platform.Experience.Tests;

/// <summary>
/// What only a seat holder does (check in, be marked a no-show, give feedback, commit to an
/// action) and the cancellation of the same registration, made to overlap at the one moment that
/// matters: one call is held at a row lock another transaction takes (as an uncommitted call of
/// the service would hold it) while the other goes through, then the lock is let go.
/// </summary>
[Collection(ExperienceServers.Name)]
public sealed class SeatHolderAndCancellationTests(ExperienceFixture fixture)
{
    private const string Movietime = "6d6f7669-6574-4000-8000-000000000001";
    private const string ClimateTeamTrajectory = "6d6f7669-6574-4000-8000-000000000004";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ExperienceService.ExperienceServiceClient Manager => fixture.Manager;

    private ExperienceDatabase Database => new(fixture.App.GetConnectionString("experiencedb"));

    [Fact]
    public async Task A_check_in_that_read_the_registration_before_its_cancellation_committed_is_refused_and_records_no_attendance()
    {
        // A series registration: cancelling it locks the experience's seats, never the session.
        var trajectory = await fixture.ScheduleAsync(ClimateTeamTrajectory, 15, (NextYear.At("06-03T09:00"), NextYear.At("06-03T12:30")));
        var person = await Manager.RegisterAsync(ExperienceFixture.Professional(trajectory, 1), cancellationToken: Cancel);
        var session = trajectory.Sessions[0].Id;

        Task<(Attendance? Answer, StatusCode Status)> checkIn;
        await using (await Database.HoldAsync("SELECT 1 FROM sessions WHERE \"Id\" = $1 FOR UPDATE", Guid.Parse(session)))
        {
            // The check-in has read the registration (a seat holder) and waits for the session row,
            // as it does while the session's no-shows are being marked ...
            checkIn = Calls.OutcomeAsync(Manager.CheckInAsync(new CheckInRequest { RegistrationId = person.Id, SessionId = session }, cancellationToken: Cancel));
            Assert.True(await Database.WaitersReachAsync(1, checkIn), "the check-in went through without waiting for the session row");
            // ... while the registration is cancelled, and the cancellation commits.
            await Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = person.Id, Reason = "cannot come" }, cancellationToken: Cancel);
        }

        var outcome = await checkIn;
        var listed = Assert.Single((await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = trajectory.Id }, cancellationToken: Cancel)).Registrations);

        Assert.Equal(RegistrationStatus.Cancelled, listed.Status);
        Assert.Equal(StatusCode.FailedPrecondition, outcome.Status);
        // Nothing says a cancelled registration attended (nor announces it after its cancellation).
        Assert.Equal(0L, await AttendancesOfAsync(person.Id));
    }

    [Fact]
    public async Task A_check_in_arriving_while_its_registration_is_being_cancelled_waits_for_the_cancellation_and_is_refused()
    {
        var trajectory = await fixture.ScheduleAsync(ClimateTeamTrajectory, 15, (NextYear.At("06-04T09:00"), NextYear.At("06-04T12:30")));
        var person = await Manager.RegisterAsync(ExperienceFixture.Professional(trajectory, 1), cancellationToken: Cancel);

        var (cancelled, waited, checkedIn) = await DuringCancellationAsync(trajectory.Id, person.Id, () => Manager.CheckInAsync(new CheckInRequest { RegistrationId = person.Id, SessionId = trajectory.Sessions[0].Id }, cancellationToken: Cancel));

        Assert.Equal(StatusCode.OK, cancelled);
        Assert.Equal((true, StatusCode.FailedPrecondition), (waited, checkedIn.Status));
        Assert.Equal(0L, await AttendancesOfAsync(person.Id));
    }

    [Fact]
    public async Task No_shows_marked_while_a_seat_holder_is_being_cancelled_wait_for_the_cancellation_and_leave_the_cancelled_one_out()
    {
        // A series whose first workshop took place last year: its no-shows are due, and a seat of
        // the series can still be given up.
        var trajectory = await fixture.ScheduleAsync(ClimateTeamTrajectory, 15, ($"{DateTime.UtcNow.Year - 1}-06-05T09:00", $"{DateTime.UtcNow.Year - 1}-06-05T12:30"), (NextYear.At("06-05T09:00"), NextYear.At("06-05T12:30")));
        var person = await Manager.RegisterAsync(ExperienceFixture.Professional(trajectory, 1), cancellationToken: Cancel);

        var (cancelled, waited, marked) = await DuringCancellationAsync(trajectory.Id, person.Id, () => Manager.MarkNoShowsAsync(new MarkNoShowsRequest { SessionId = trajectory.Sessions[0].Id }, cancellationToken: Cancel));

        Assert.Equal(StatusCode.OK, cancelled);
        // Nobody else held a seat: the cancelled registration is no no-show (and no ParticipantNoShow follows its cancellation).
        Assert.Equal((true, StatusCode.OK, 0), (waited, marked.Status, marked.Answer?.NoShows));
        Assert.Equal(0L, await AttendancesOfAsync(person.Id));
    }

    [Fact]
    public async Task Feedback_arriving_while_its_registration_is_being_cancelled_waits_for_the_cancellation_and_is_refused()
    {
        var (trajectory, person, email) = await RunningWithParticipantAsync("06-06");

        var (cancelled, waited, feedback) = await DuringCancellationAsync(trajectory.Id, person.Id, () => Manager.SubmitFeedbackAsync(FeedbackOn(trajectory, email, 9), cancellationToken: Cancel));

        Assert.Equal(StatusCode.OK, cancelled);
        Assert.Equal((true, StatusCode.FailedPrecondition), (waited, feedback.Status));
        // No NPS answer of someone who had cancelled (nor its FeedbackSubmitted for Reporting to count).
        Assert.Empty(await FeedbackListedAsync(trajectory));
    }

    [Fact]
    public async Task A_commitment_arriving_while_its_registration_is_being_cancelled_waits_for_the_cancellation_and_is_refused()
    {
        var (trajectory, person, email) = await RunningWithParticipantAsync("06-07");

        var (cancelled, waited, commitment) = await DuringCancellationAsync(trajectory.Id, person.Id, () => Manager.CommitToActionAsync(
            new CommitToActionRequest { ExperienceId = trajectory.Id, Email = email, Title = "Cycle to work", Theme = ActionTheme.Mobility, DueOn = NextYear.At("09-30") },
            cancellationToken: Cancel));

        Assert.Equal(StatusCode.OK, cancelled);
        Assert.Equal((true, StatusCode.FailedPrecondition), (waited, commitment.Status));
        Assert.Empty((await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = trajectory.Id }, cancellationToken: Cancel)).Actions);
    }

    [Fact]
    public async Task A_cancellation_arriving_while_feedback_is_being_stored_waits_for_it_and_the_feedback_stays()
    {
        var (trajectory, person, email) = await RunningWithParticipantAsync("06-08");
        await Manager.SubmitFeedbackAsync(FeedbackOn(trajectory, email, 9), cancellationToken: Cancel);

        Task<(Contracts.Experience.V1.Feedback? Answer, StatusCode Status)> revision;
        Task<(Registration? Answer, StatusCode Status)> cancellation;
        bool waited;
        await using (await Database.HoldAsync("SELECT 1 FROM feedback WHERE \"ExperienceId\" = $1 FOR UPDATE", Guid.Parse(trajectory.Id)))
        {
            // The participant revises their feedback: found to hold a seat, it waits to replace its row ...
            revision = Calls.OutcomeAsync(Manager.SubmitFeedbackAsync(FeedbackOn(trajectory, email, 6), cancellationToken: Cancel));
            Assert.True(await Database.WaitersReachAsync(1, revision), "the feedback went through without waiting for its row");
            // ... when their registration is cancelled.
            cancellation = Calls.OutcomeAsync(Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = person.Id, Reason = "cannot come" }, cancellationToken: Cancel));
            waited = await Database.WaitersReachAsync(2, cancellation);
        }

        var (revised, cancelled) = ((await revision).Status, (await cancellation).Status);
        var afterwards = await Calls.OutcomeAsync(Manager.SubmitFeedbackAsync(FeedbackOn(trajectory, email, 2), cancellationToken: Cancel));
        var current = Assert.Single(await FeedbackListedAsync(trajectory));

        // The cancellation came second: it waited for the feedback, then went through.
        Assert.Equal((true, StatusCode.OK, StatusCode.OK), (waited, revised, cancelled));
        // The feedback given while they held their seat stays; after the cancellation they have no say.
        Assert.Equal((6, 2), (current.Score, current.Revision));
        Assert.Equal(StatusCode.FailedPrecondition, afterwards.Status);
    }

    [Fact]
    public async Task Feedback_arriving_while_the_experience_is_being_cancelled_waits_for_the_cancellation_and_is_refused()
    {
        var (trajectory, person, email) = await RunningWithParticipantAsync("06-09");

        Task<(Contracts.Experience.V1.Experience? Answer, StatusCode Status)> cancellation;
        Task<(Contracts.Experience.V1.Feedback? Answer, StatusCode Status)> feedback;
        bool waited;
        await using (await Database.HoldAsync("SELECT 1 FROM registrations WHERE \"Id\" = $1 FOR SHARE", Guid.Parse(person.Id)))
        {
            // The cancellation has the experience and waits to cancel its registrations ...
            cancellation = Calls.OutcomeAsync(Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = trajectory.Id, Reason = "the venue is closed" }, cancellationToken: Cancel));
            Assert.True(await Database.WaitersReachAsync(1, cancellation), "the cancellation went through without waiting for the registration");
            // ... when a participant gives feedback.
            feedback = Calls.OutcomeAsync(Manager.SubmitFeedbackAsync(FeedbackOn(trajectory, email, 9), cancellationToken: Cancel));
            waited = await Database.WaitersReachAsync(2, feedback);
        }

        Assert.Equal(StatusCode.OK, (await cancellation).Status);
        Assert.Equal((true, StatusCode.FailedPrecondition), (waited, (await feedback).Status));
        Assert.Empty(await FeedbackListedAsync(trajectory));
    }

    [Fact]
    public async Task No_shows_marked_while_the_experience_is_being_cancelled_wait_for_the_cancellation_and_mark_nobody_it_cancelled()
    {
        // A series whose first workshop took place last year: its no-shows are due.
        var trajectory = await fixture.ScheduleAsync(ClimateTeamTrajectory, 15, ($"{DateTime.UtcNow.Year - 1}-06-10T09:00", $"{DateTime.UtcNow.Year - 1}-06-10T12:30"), (NextYear.At("06-10T09:00"), NextYear.At("06-10T12:30")));
        var person = await Manager.RegisterAsync(ExperienceFixture.Professional(trajectory, 1), cancellationToken: Cancel);

        Task<(Contracts.Experience.V1.Experience? Answer, StatusCode Status)> cancellation;
        Task<(MarkNoShowsResponse? Answer, StatusCode Status)> marking;
        bool waited;
        await using (await Database.HoldAsync("SELECT 1 FROM registrations WHERE \"Id\" = $1 FOR SHARE", Guid.Parse(person.Id)))
        {
            // The cancellation has the experience and waits to cancel its registrations ...
            cancellation = Calls.OutcomeAsync(Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = trajectory.Id, Reason = "the coach left" }, cancellationToken: Cancel));
            Assert.True(await Database.WaitersReachAsync(1, cancellation), "the cancellation went through without waiting for the registration");
            // ... when the first workshop's no-shows are marked.
            marking = Calls.OutcomeAsync(Manager.MarkNoShowsAsync(new MarkNoShowsRequest { SessionId = trajectory.Sessions[0].Id }, cancellationToken: Cancel));
            waited = await Database.WaitersReachAsync(2, marking);
        }

        // Read once the cancellation has answered (committed): released, it may still be at work.
        var cancelled = await cancellation;
        var listed = Assert.Single((await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = trajectory.Id }, cancellationToken: Cancel)).Registrations);

        Assert.Equal(StatusCode.OK, cancelled.Status);
        Assert.Equal(RegistrationStatus.Cancelled, listed.Status);
        // The marking came second: it waited, and a registration cancelled with its experience is no no-show.
        Assert.Equal((true, StatusCode.OK, 0), (waited, (await marking).Status, (await marking).Answer?.NoShows));
        Assert.Equal(0L, await AttendancesOfAsync(person.Id));
    }

    [Fact]
    public async Task An_action_added_while_the_experience_is_being_cancelled_waits_for_the_cancellation_and_is_refused()
    {
        var (trajectory, person, _) = await RunningWithParticipantAsync("06-11");

        Task<(Contracts.Experience.V1.Experience? Answer, StatusCode Status)> cancellation;
        Task<(ClimateAction? Answer, StatusCode Status)> action;
        bool waited;
        await using (await Database.HoldAsync("SELECT 1 FROM registrations WHERE \"Id\" = $1 FOR SHARE", Guid.Parse(person.Id)))
        {
            // The cancellation has the experience and waits to cancel its registrations ...
            cancellation = Calls.OutcomeAsync(Manager.CancelExperienceAsync(new ChangeExperienceRequest { Id = trajectory.Id, Reason = "the coach left" }, cancellationToken: Cancel));
            Assert.True(await Database.WaitersReachAsync(1, cancellation), "the cancellation went through without waiting for the registration");
            // ... when the coach puts an action on its list.
            action = Calls.OutcomeAsync(Manager.AddActionAsync(new AddActionRequest { ExperienceId = trajectory.Id, Title = "Insulate the roof", Theme = ActionTheme.EnergyWater, Owner = "Facilities", DueOn = NextYear.At("09-30") }, cancellationToken: Cancel));
            waited = await Database.WaitersReachAsync(2, action);
        }

        Assert.Equal(StatusCode.OK, (await cancellation).Status);
        // No action (nor its ActionCommitted for Reporting to count) on an experience that was called off.
        Assert.Equal((true, StatusCode.FailedPrecondition), (waited, (await action).Status));
        Assert.Empty((await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = trajectory.Id }, cancellationToken: Cancel)).Actions);
    }

    [Fact]
    public async Task A_participant_who_cancelled_a_later_session_gives_feedback_and_commits_through_the_session_they_attended()
    {
        // A screening in two sessions, each its own seat pool: one person took a seat in both,
        // came to the first and cancelled the second.
        var screening = await fixture.ScheduleAsync(Movietime, 50, (NextYear.At("06-16T19:30"), NextYear.At("06-16T22:00")), (NextYear.At("06-23T19:30"), NextYear.At("06-23T22:00")));
        var request = ExperienceFixture.Professional(screening, 1);
        var first = await Manager.RegisterAsync(request, cancellationToken: Cancel);
        request.SessionId = screening.Sessions[1].Id;
        var second = await Manager.RegisterAsync(request, cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = screening.Id }, cancellationToken: Cancel);
        await Manager.CheckInAsync(new CheckInRequest { RegistrationId = first.Id }, cancellationToken: Cancel);
        await Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = second.Id, Reason = "cannot come" }, cancellationToken: Cancel);

        var feedback = await Manager.SubmitFeedbackAsync(FeedbackOn(screening, request.Email, 8), cancellationToken: Cancel);
        var action = await Manager.CommitToActionAsync(new CommitToActionRequest { ExperienceId = screening.Id, Email = request.Email, Title = "Cycle to work", Theme = ActionTheme.Mobility, DueOn = NextYear.At("09-30") }, cancellationToken: Cancel);

        Assert.Equal((first.ProfessionalId, 8), (feedback.ProfessionalId, feedback.Score));
        Assert.Equal((first.ProfessionalId, true), (action.OwnerProfessionalId, action.CommittedByParticipant));
    }

    /// <summary>
    /// Cancels a series registration while the test holds the series' seat buckets: the
    /// cancellation has taken the registration and waits to give its seat back when
    /// <paramref name="arriving"/> is called. Returns the cancellation's status, whether the
    /// arriving call waited for a lock, and its outcome once the buckets are let go.
    /// </summary>
    private async Task<(StatusCode Cancelled, bool Waited, (T? Answer, StatusCode Status) Arriving)> DuringCancellationAsync<T>(string seriesId, string registrationId, Func<AsyncUnaryCall<T>> arriving)
        where T : class
    {
        Task<(Registration? Answer, StatusCode Status)> cancellation;
        Task<(T? Answer, StatusCode Status)> call;
        bool waited;
        await using (await Database.HoldAsync("SELECT 1 FROM seat_buckets WHERE \"PoolId\" = $1 FOR UPDATE", Guid.Parse(seriesId)))
        {
            cancellation = Calls.OutcomeAsync(Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = registrationId, Reason = "cannot come" }, cancellationToken: Cancel));
            Assert.True(await Database.WaitersReachAsync(1, cancellation), "the cancellation went through without waiting for the seats");
            call = Calls.OutcomeAsync(arriving());
            waited = await Database.WaitersReachAsync(2, call);
        }

        return ((await cancellation).Status, waited, await call);
    }

    /// <summary>A climate-team trajectory with one workshop on <paramref name="monthDay"/> next year, Running, with one participant holding a seat.</summary>
    private async Task<(Contracts.Experience.V1.Experience Trajectory, Registration Participant, string Email)> RunningWithParticipantAsync(string monthDay)
    {
        var trajectory = await fixture.ScheduleAsync(ClimateTeamTrajectory, 15, (NextYear.At($"{monthDay}T09:00"), NextYear.At($"{monthDay}T12:30")));
        var request = ExperienceFixture.Professional(trajectory, 1);
        var participant = await Manager.RegisterAsync(request, cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = trajectory.Id }, cancellationToken: Cancel);
        return (trajectory, participant, request.Email);
    }

    private static SubmitFeedbackRequest FeedbackOn(Contracts.Experience.V1.Experience experience, string email, int score) =>
        new() { ExperienceId = experience.Id, Email = email, Score = score, WillAct = true };

    private async Task<IReadOnlyList<Contracts.Experience.V1.Feedback>> FeedbackListedAsync(Contracts.Experience.V1.Experience experience) =>
        (await Manager.ListFeedbackAsync(new ListFeedbackRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Feedback;

    private async Task<long> AttendancesOfAsync(string registrationId) =>
        (long)(await Database.ScalarAsync("SELECT count(*) FROM attendances WHERE \"RegistrationId\" = $1", Guid.Parse(registrationId)))!;
}
