using System.Text.Json;
using Platform.Contracts.Events;
using Platform.Contracts.Experience.V1;
using Platform.Hosting.Testing;

namespace Platform.Experience.Tests;

/// <summary>
/// The right to erasure, as the Community service announces it with <c>MemberErased</c>: the
/// Experience service keeps the facts of the professional's registrations, feedback and actions,
/// drops what names them, cancels the places they can no longer use, and publishes nothing that
/// names them any more.
/// </summary>
[Collection(ExperienceServers.Name)]
public sealed class ErasureTests(ExperienceFixture fixture)
{
    private const string Movietime = "6d6f7669-6574-4000-8000-000000000001";
    private const string ClimateTeamTrajectory = "6d6f7669-6574-4000-8000-000000000004";

    /// <summary>What stands where an erased person's name stood.</summary>
    private const string ErasedName = "[erased]";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string DueOn => NextYear.At("12-31T00:00")[..10];

    private ExperienceService.ExperienceServiceClient Manager => fixture.Manager;

    private ExperienceDatabase Database => new(fixture.App.GetConnectionString("experiencedb"));

    [Fact]
    public async Task An_erased_participant_keeps_their_facts_but_loses_name_email_comment_and_ownership_and_their_seat_goes_to_the_waitlist()
    {
        await using var cancellations = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:RegistrationCancelled", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 1, (NextYear.At("06-10T19:30"), NextYear.At("06-10T22:00")));
        var petra = Person(experience, "Petra");
        petra.RequestId = Guid.NewGuid().ToString();
        var seat = await Manager.RegisterAsync(petra, cancellationToken: Cancel);
        var waiting = await Manager.RegisterAsync(Person(experience, "Quinten"), cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        var commitment = await Manager.CommitToActionAsync(new CommitToActionRequest { ExperienceId = experience.Id, Email = petra.Email, Title = "Cycle to work", Theme = ActionTheme.Mobility, DueOn = DueOn }, cancellationToken: Cancel);
        var assigned = await Manager.AddActionAsync(new AddActionRequest { ExperienceId = experience.Id, Title = "Green energy contract", Theme = ActionTheme.EnergyWater, Owner = petra.FullName, OwnerEmail = petra.Email, DueOn = DueOn }, cancellationToken: Cancel);
        var comment = $"Call me, {petra.FullName}, at {petra.Email}";
        var feedback = await Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = petra.Email, Score = 9, WillAct = true, Comment = comment }, cancellationToken: Cancel);

        await EraseAsync(seat.ProfessionalId);
        var registrations = await ErasedAsync(experience, seat.Id);
        var feedbackList = await Manager.ListFeedbackAsync(new ListFeedbackRequest { ExperienceId = experience.Id }, cancellationToken: Cancel);
        var actions = await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel);
        var retried = await Manager.RegisterAsync(petra, cancellationToken: Cancel);
        var cancellation = await cancellations.NextAsync(m => m.Has("registrationId", seat.Id), Cancel);
        var session = (await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel)).Sessions.Single();

        // Nothing the service answers names her any more, not even a stored reply to a retried request.
        foreach (var answer in new[] { registrations.ToString(), feedbackList.ToString(), actions.ToString(), retried.ToString() })
        {
            Assert.DoesNotContain(petra.FullName, answer, StringComparison.Ordinal);
            Assert.DoesNotContain(petra.Email, answer, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Call me", answer, StringComparison.Ordinal);
        }

        Assert.Equal(0, await Database.OutboxRowsMentioningAsync(petra.Email));
        // Her seat in a session still ahead is given up (nobody can reach her), through the usual cancellation.
        var erased = registrations.Registrations.Single(r => r.Id == seat.Id);
        Assert.Equal((RegistrationStatus.Cancelled, seat.ProfessionalId, ErasedName, "", "", ""), (erased.Status, erased.ProfessionalId, erased.FullName, erased.Email, erased.OrganizationName, erased.Role));
        var promoted = registrations.Registrations.Single(r => r.Id == waiting.Id);
        Assert.Equal((RegistrationStatus.Registered, true), (promoted.Status, promoted.FromWaitlist));
        Assert.Equal((1, 0), (session.RegisteredCount, session.WaitlistedCount));
        Assert.Equal(("Registered", "Erasure", JsonValueKind.Null), (cancellation.GetProperty("previousStatus").GetString(), cancellation.GetProperty("cancelledBy").GetString(), cancellation.GetProperty("reason").ValueKind));
        // Her score, intention and revision still count; her words and name are gone.
        var kept = Assert.Single(feedbackList.Feedback);
        Assert.Equal((feedback.Id, seat.ProfessionalId, 9, true, 1, "", ErasedName), (kept.Id, kept.ProfessionalId, kept.Score, kept.WillAct, kept.Revision, kept.Comment, kept.FullName));
        // The actions stay on the list, still hers by professional id, without her name.
        Assert.Equal(2, actions.Actions.Count);
        Assert.All(actions.Actions, a => Assert.Equal((ErasedName, seat.ProfessionalId, ActionStatus.Open), (a.Owner, a.OwnerProfessionalId, a.Status)));
        Assert.Equal(
            new[] { (commitment.Id, "Cycle to work", true), (assigned.Id, "Green energy contract", false) }.Order(),
            actions.Actions.Select(a => (a.Id, a.Title, a.CommittedByParticipant)).Order());
    }

    [Fact]
    public async Task An_erased_professional_on_the_waitlist_is_never_promoted_and_no_ParticipantRegistered_carries_their_name_or_email()
    {
        await using var registeredEvents = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ParticipantRegistered", Cancel);
        await using var promotions = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:WaitlistPromoted", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 1, (NextYear.At("06-11T19:30"), NextYear.At("06-11T22:00")));
        var seated = await Manager.RegisterAsync(Person(experience, "Anna"), cancellationToken: Cancel);
        var wim = Person(experience, "Wim");
        var first = await Manager.RegisterAsync(wim, cancellationToken: Cancel);
        var next = await Manager.RegisterAsync(Person(experience, "Noor"), cancellationToken: Cancel);

        await EraseAsync(first.ProfessionalId);
        await ErasedAsync(experience, first.Id);
        await Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = seated.Id }, cancellationToken: Cancel);
        var promotion = await promotions.NextAsync(m => m.Has("experienceId", experience.Id), Cancel);
        await registeredEvents.NextAsync(m => m.Has("registrationId", next.Id), Cancel);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        var onTheWire = (await registeredEvents.DrainAsync(Cancel)).Select(e => e.GetRawText()).ToList();
        var all = (await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Registrations.ToDictionary(r => r.Id);
        var session = (await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel)).Sessions.Single();

        Assert.Equal((RegistrationStatus.Waitlisted, RegistrationStatus.Waitlisted), (first.Status, next.Status));
        Assert.Equal(next.Id, promotion.GetProperty("registrationId").GetString());
        Assert.Equal((RegistrationStatus.Cancelled, ErasedName), (all[first.Id].Status, all[first.Id].FullName));
        Assert.Equal((RegistrationStatus.Registered, true), (all[next.Id].Status, all[next.Id].FromWaitlist));
        Assert.Equal((1, 0), (session.RegisteredCount, session.WaitlistedCount));
        Assert.DoesNotContain(onTheWire, e => e.Contains(wim.Email, StringComparison.OrdinalIgnoreCase) || e.Contains(wim.FullName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_erasure_delivered_twice_takes_effect_once()
    {
        await using var cancellations = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:RegistrationCancelled", Cancel);
        await using var promotions = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:WaitlistPromoted", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 1, (NextYear.At("06-12T19:30"), NextYear.At("06-12T22:00")));
        var erika = Person(experience, "Erika");
        var seat = await Manager.RegisterAsync(erika, cancellationToken: Cancel);
        var second = await Manager.RegisterAsync(Person(experience, "Bram"), cancellationToken: Cancel);
        var third = await Manager.RegisterAsync(Person(experience, "Cor"), cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        var action = await Manager.CommitToActionAsync(new CommitToActionRequest { ExperienceId = experience.Id, Email = erika.Email, Title = "Meat-free Mondays", Theme = ActionTheme.Other, DueOn = DueOn }, cancellationToken: Cancel);

        var published = DateTimeOffset.UtcNow;
        var erasure = NewErasure(seat.ProfessionalId);
        await using (var publisher = await EventPublisher.StartAsync(fixture.RabbitMq, Cancel))
        {
            await publisher.PublishAsync(erasure, Cancel);
            await publisher.PublishAsync(erasure, Cancel);
        }

        await ErasedAsync(experience, seat.Id);
        await Eventually.ReachesAsync(
            () => Task.FromResult(fixture.App.ResourceLogs.Tail("experience").Count(l => l.Timestamp >= published && l.Text.Contains($"Message {erasure.EventId} already consumed", StringComparison.OrdinalIgnoreCase))),
            n => n >= 1);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        var cancelled = (await cancellations.DrainAsync(Cancel)).Select(e => e.GetProperty("message")).Where(m => m.Has("experienceId", experience.Id)).ToList();
        var promoted = (await promotions.DrainAsync(Cancel)).Select(e => e.GetProperty("message")).Where(m => m.Has("experienceId", experience.Id)).ToList();
        var all = (await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Registrations.ToDictionary(r => r.Id);
        var session = (await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel)).Sessions.Single();
        var owned = Assert.Single((await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Actions);

        Assert.Equal([seat.Id], cancelled.Select(m => m.GetProperty("registrationId").GetString()));
        Assert.Equal([second.Id], promoted.Select(m => m.GetProperty("registrationId").GetString()));
        Assert.Equal((RegistrationStatus.Registered, RegistrationStatus.Waitlisted, 1), (all[second.Id].Status, all[third.Id].Status, all[third.Id].WaitlistPosition));
        Assert.Equal((1, 1), (session.RegisteredCount, session.WaitlistedCount));
        Assert.Equal((action.Id, ErasedName, action.Version + 1), (owned.Id, owned.Owner, owned.Version));
    }

    [Fact]
    public async Task An_erased_participant_of_a_completed_trajectory_stays_registered_and_the_coachs_notes_no_longer_name_them()
    {
        // The first workshop has taken place; the trajectory is over by the time she asks to be erased.
        var host = await fixture.RegisterPartnerAsync();
        var coach = await fixture.RegisterExpertAsync();
        var created = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = ClimateTeamTrajectory, Title = "Climate team Gemeente Zeist", HostPartnerIds = { host.Id }, FacilitatorExpertIds = { coach.Id }, Location = "Town hall" }, cancellationToken: Cancel);
        foreach (var (starts, ends) in new[] { ("2026-01-20T09:00", "2026-01-20T12:30"), (NextYear.At("06-15T09:00"), NextYear.At("06-15T12:30")) })
        {
            await Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = created.Id, StartsAtLocal = starts, EndsAtLocal = ends, TimeZone = "Europe/Amsterdam", Location = "Town hall" }, cancellationToken: Cancel);
        }

        var trajectory = await Manager.ScheduleExperienceAsync(new ChangeExperienceRequest { Id = created.Id }, cancellationToken: Cancel);
        var fleur = Person(trajectory, "Fleur");
        var registration = await Manager.RegisterAsync(fleur, cancellationToken: Cancel);
        await Manager.CheckInAsync(new CheckInRequest { RegistrationId = registration.Id, SessionId = trajectory.Sessions[0].Id }, cancellationToken: Cancel);
        await Manager.WriteMeetingReportAsync(new WriteMeetingReportRequest { SessionId = trajectory.Sessions[0].Id, AuthorExpertId = coach.Id, Body = $"{fleur.FullName} ({fleur.Email}) brought the energy bills. Anna took notes." }, cancellationToken: Cancel);
        // The coach names her as the owner without her address, and in the title.
        var action = await Manager.AddActionAsync(new AddActionRequest { ExperienceId = trajectory.Id, Title = $"{fleur.FullName} presents the plan to the board", Theme = ActionTheme.EnergyWater, Owner = fleur.FullName, DueOn = DueOn }, cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = trajectory.Id }, cancellationToken: Cancel);
        await Manager.CompleteExperienceAsync(new ChangeExperienceRequest { Id = trajectory.Id }, cancellationToken: Cancel);

        await EraseAsync(registration.ProfessionalId);
        var listed = await ErasedAsync(trajectory, registration.Id);
        var report = Assert.Single((await Manager.ListMeetingReportsAsync(new ListMeetingReportsRequest { ExperienceId = trajectory.Id }, cancellationToken: Cancel)).Reports);
        var owned = Assert.Single((await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = trajectory.Id }, cancellationToken: Cancel)).Actions);

        // What happened stays: she held a seat in the trajectory and is counted as one professional.
        var kept = Assert.Single(listed.Registrations);
        Assert.Equal((RegistrationStatus.Registered, registration.ProfessionalId, ErasedName, ""), (kept.Status, kept.ProfessionalId, kept.FullName, kept.Email));
        Assert.DoesNotContain(fleur.FullName, listed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(fleur.Email, listed.ToString(), StringComparison.OrdinalIgnoreCase);
        // What the coach wrote keeps its sense without her name or address.
        Assert.Equal($"{ErasedName} ({ErasedName}) brought the energy bills. Anna took notes.", report.Body);
        Assert.Equal((action.Id, $"{ErasedName} presents the plan to the board", ErasedName, ""), (owned.Id, owned.Title, owned.Owner, owned.OwnerProfessionalId));
    }

    [Fact]
    public async Task An_action_handed_to_someone_else_is_no_longer_the_first_owners_and_their_erasure_leaves_the_new_owner_named()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 5, (NextYear.At("06-16T19:30"), NextYear.At("06-16T22:00")));
        var iris = Person(experience, "Iris");
        var registration = await Manager.RegisterAsync(iris, cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        var action = await Manager.AddActionAsync(new AddActionRequest { ExperienceId = experience.Id, Title = "LED lighting in the town hall", Theme = ActionTheme.EnergyWater, Owner = iris.FullName, OwnerEmail = iris.Email, DueOn = DueOn }, cancellationToken: Cancel);
        // A correction of the capitals is the same person; another name is another person, whose professional id is not known.
        var recased = await Manager.UpdateActionAsync(new UpdateActionRequest { Id = action.Id, ExpectedVersion = action.Version, Owner = iris.FullName.ToUpperInvariant() }, cancellationToken: Cancel);
        var handedOver = await Manager.UpdateActionAsync(new UpdateActionRequest { Id = action.Id, ExpectedVersion = recased.Version, Owner = "Joost Facilities" }, cancellationToken: Cancel);

        await EraseAsync(registration.ProfessionalId);
        await ErasedAsync(experience, registration.Id);
        var owned = Assert.Single((await Manager.ListActionsAsync(new ListActionsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Actions);

        // Erasing Iris takes nothing from the action that is now Joost's.
        Assert.Equal(("Joost Facilities", "", handedOver.Version), (owned.Owner, owned.OwnerProfessionalId, owned.Version));
        Assert.Equal(registration.ProfessionalId, action.OwnerProfessionalId);
        Assert.Equal(registration.ProfessionalId, recased.OwnerProfessionalId);
        Assert.Equal(("Joost Facilities", ""), (handedOver.Owner, handedOver.OwnerProfessionalId));
    }

    [Fact]
    public async Task An_erased_guest_checked_in_to_a_screening_that_is_still_on_keeps_the_used_seat_and_nobody_is_promoted_into_it()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 1, (NextYear.At("06-14T19:30"), NextYear.At("06-14T22:00")));
        var seated = await Manager.RegisterAsync(Person(experience, "Noor"), cancellationToken: Cancel);
        var waiting = await Manager.RegisterAsync(Person(experience, "Daan"), cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);
        await Manager.CheckInAsync(new CheckInRequest { RegistrationId = seated.Id }, cancellationToken: Cancel);

        // She asks to be erased during the film: her seat was used, so it is not given up.
        await EraseAsync(seated.ProfessionalId);
        var all = (await ErasedAsync(experience, seated.Id)).Registrations.ToDictionary(r => r.Id);

        Assert.Equal((RegistrationStatus.Registered, ErasedName), (all[seated.Id].Status, all[seated.Id].FullName));
        Assert.Equal(RegistrationStatus.Waitlisted, all[waiting.Id].Status);
    }

    [Fact]
    public async Task Events_still_waiting_in_the_outbox_go_out_without_the_erased_persons_data()
    {
        await using var registeredEvents = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ParticipantRegistered", Cancel);
        await using var feedbackEvents = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:FeedbackSubmitted", Cancel);
        var experience = await fixture.ScheduleAsync(Movietime, 1, (NextYear.At("06-13T19:30"), NextYear.At("06-13T22:00")));
        var seated = await Manager.RegisterAsync(Person(experience, "Anna"), cancellationToken: Cancel);
        var sara = Person(experience, "Sara");
        var waiting = await Manager.RegisterAsync(sara, cancellationToken: Cancel);
        await Manager.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);

        // Her registration's next events wait behind one the relay cannot publish, as they would
        // while RabbitMQ is away; so does her feedback's second revision.
        var heldRegistration = await Database.HoldBackAsync(waiting.Id);
        long? heldFeedback = null;
        try
        {
            await Manager.CancelRegistrationAsync(new CancelRegistrationRequest { RegistrationId = seated.Id }, cancellationToken: Cancel);
            var feedback = await Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = sara.Email, Score = 7, WillAct = true }, cancellationToken: Cancel);
            await feedbackEvents.NextAsync(m => m.Has("feedbackId", feedback.Id), Cancel);
            heldFeedback = await Database.HoldBackAsync(feedback.Id);
            await Manager.SubmitFeedbackAsync(new SubmitFeedbackRequest { ExperienceId = experience.Id, Email = sara.Email, Score = 8, WillAct = true, Comment = $"Regards, {sara.FullName}" }, cancellationToken: Cancel);

            await EraseAsync(waiting.ProfessionalId);
            await ErasedAsync(experience, waiting.Id);
        }
        finally
        {
            await Database.ReleaseAsync(heldRegistration);
            await Database.ReleaseAsync(heldFeedback);
        }

        var promotedSeat = await registeredEvents.NextAsync(m => m.Has("registrationId", waiting.Id), Cancel);
        var revision = await feedbackEvents.NextAsync(m => m.GetProperty("revision").GetInt32() == 2 && m.Has("experienceId", experience.Id), Cancel);

        Assert.DoesNotContain(sara.Email, promotedSeat.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(sara.FullName, promotedSeat.GetRawText(), StringComparison.Ordinal);
        Assert.Equal((waiting.ProfessionalId, true, ErasedName, ""), (promotedSeat.GetProperty("professionalId").GetString(), promotedSeat.GetProperty("fromWaitlist").GetBoolean(), promotedSeat.GetProperty("fullName").GetString(), promotedSeat.GetProperty("email").GetString()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (promotedSeat.GetProperty("organizationName").ValueKind, promotedSeat.GetProperty("role").ValueKind));
        Assert.Equal((8, JsonValueKind.Null), (revision.GetProperty("score").GetInt32(), revision.GetProperty("comment").ValueKind));
    }

    [Fact]
    public async Task An_erasure_naming_no_professional_or_a_fragment_of_an_id_is_taken_in_and_erases_nobody()
    {
        var experience = await fixture.ScheduleAsync(Movietime, 5, (NextYear.At("06-14T19:30"), NextYear.At("06-14T22:00")));
        var dirk = Person(experience, "Dirk");
        var registration = await Manager.RegisterAsync(dirk, cancellationToken: Cancel);
        // A member who signed up and never registered has no professional id to erase; a fragment of
        // one would match other people's rows and events.
        var signedUpOnly = NewErasure(null!);
        var fragment = NewErasure(registration.ProfessionalId[..8]);

        await using (var publisher = await EventPublisher.StartAsync(fixture.RabbitMq, Cancel))
        {
            await publisher.PublishAsync(signedUpOnly, Cancel);
            await publisher.PublishAsync(fragment, Cancel);
        }

        await Eventually.ReachesAsync(() => Database.ConsumedAsync(signedUpOnly.EventId, fragment.EventId), n => n == 2);
        var kept = Assert.Single((await Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Registrations);

        Assert.Equal((RegistrationStatus.Registered, dirk.FullName, dirk.Email), (kept.Status, kept.FullName, kept.Email));
        Assert.NotEqual(0, await Database.OutboxRowsMentioningAsync(dirk.Email));
    }

    /// <summary>A registration for the experience's first session (or its series) by a person with a name and address of their own.</summary>
    private static RegisterRequest Person(Contracts.Experience.V1.Experience experience, string firstName)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        return new RegisterRequest
        {
            ExperienceId = experience.Id,
            SessionId = experience.RegistersForSeries ? string.Empty : experience.Sessions[0].Id,
            FullName = $"{firstName} Erasmus-{unique}",
            Email = $"{firstName.ToLowerInvariant()}.{unique}@example.nl",
            OrganizationName = "Gemeente Utrecht",
            Role = "Policy adviser",
        };
    }

    private static MemberErased NewErasure(string professionalId) => new()
    {
        EventId = Guid.CreateVersion7(),
        OccurredAt = DateTimeOffset.UtcNow,
        MemberId = Guid.CreateVersion7(),
        ProfessionalId = professionalId,
    };

    /// <summary>Publishes the Community service's <c>MemberErased</c> for the professional.</summary>
    private async Task EraseAsync(string professionalId)
    {
        await using var publisher = await EventPublisher.StartAsync(fixture.RabbitMq, Cancel);
        await publisher.PublishAsync(NewErasure(professionalId), Cancel);
    }

    /// <summary>The experience's registrations once the erasure has reached <paramref name="registrationId"/>.</summary>
    private async Task<ListRegistrationsResponse> ErasedAsync(Contracts.Experience.V1.Experience experience, string registrationId) =>
        await Eventually.ReachesAsync(
            () => Manager.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experience.Id, PageSize = 500 }, cancellationToken: Cancel).ResponseAsync,
            list => list.Registrations.Single(r => r.Id == registrationId).FullName == ErasedName);
}
