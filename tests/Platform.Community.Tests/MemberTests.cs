using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Community.V1;
using Platform.Contracts.Events;
using Platform.Hosting.Testing;

namespace Platform.Community.Tests;

/// <summary>Members: sign-up, from registrations (once), profile and consent, erasure.</summary>
[Collection(CommunityServers.Name)]
public sealed class MemberTests(CommunityFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CommunityService.CommunityServiceClient Community => fixture.Community;

    [Fact]
    public async Task Sign_up_makes_one_member_per_address_a_retry_signs_up_once_and_bad_input_names_its_fields()
    {
        await using var joined = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:MemberJoined", Cancel);
        var email = $"Anna.{Guid.NewGuid():N}@Example.nl";
        var request = new SignUpRequest { FullName = "Anna de Vries", Email = email, OrganizationName = "Provincie Utrecht", Role = "Programme manager", Interests = { "Mobility", "mobility ", "Energy" }, NewsletterConsent = true, RequestId = Guid.NewGuid().ToString() };

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Community.SignUpAsync(request, cancellationToken: Cancel).ResponseAsync));
        var found = await Community.FindMemberAsync(new FindMemberRequest { Email = "  " + email.ToUpperInvariant() }, cancellationToken: Cancel);
        var again = await Assert.ThrowsAsync<RpcException>(() => Community.SignUpAsync(new SignUpRequest { FullName = "Anna", Email = email.ToLowerInvariant() }, cancellationToken: Cancel).ResponseAsync);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Community.SignUpAsync(new SignUpRequest { Email = "nobody", Role = new string('r', 101), Interests = { new string('i', 51) } }, cancellationToken: Cancel).ResponseAsync);
        var announced = await joined.NextAsync(m => m.Has("memberId", found.Id), Cancel);

        Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(found.Id, answers[0].Id);
        Assert.Equal(["Mobility", "Energy"], found.Interests);
        Assert.True(found.NewsletterConsent);
        Assert.NotNull(found.NewsletterConsentChangedAt);
        Assert.Equal(MemberSource.SignUp, found.Source);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
        Assert.Equal(["full_name", "role", "interests", "email"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal("SignUp", announced.GetProperty("source").GetString());
        Assert.Equal(found.ProfessionalId, announced.GetProperty("professionalId").GetString());
        Assert.Equal("Provincie Utrecht", announced.GetProperty("organizationName").GetString());
    }

    [Fact]
    public async Task A_registration_makes_a_member_once_however_often_the_professional_registers()
    {
        await using var joined = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:MemberJoined", Cancel);
        var first = await fixture.ScheduleScreeningAsync();
        var second = await fixture.ScheduleScreeningAsync();
        var email = $"bram.{Guid.NewGuid():N}@example.nl";
        await fixture.RegisterAsync(first, email, "Bram Jansen", "Energy coordinator");
        await fixture.RegisterAsync(second, email, "Bram Jansen", "Energy coordinator");

        var inFirst = await fixture.ParticipantsAsync(first.Id, 1);
        var inSecond = await fixture.ParticipantsAsync(second.Id, 1);
        var member = await Community.FindMemberAsync(new FindMemberRequest { Email = email }, cancellationToken: Cancel);
        var announcement = await joined.NextAsync(m => m.Has("memberId", member.Id), Cancel);
        var later = await joined.DrainAsync(Cancel);

        Assert.Equal(MemberSource.Registration, member.Source);
        Assert.Equal(("Bram Jansen", "Energy coordinator", "Gemeente Utrecht"), (member.FullName, member.Role, member.OrganizationName));
        Assert.False(member.NewsletterConsent);
        Assert.Equal(member.Id, inFirst.Single().MemberId);
        Assert.Equal(member.Id, inSecond.Single().MemberId);
        Assert.Equal("Registration", announcement.GetProperty("source").GetString());
        // The two ParticipantRegistered are different outbox aggregates, published and consumed concurrently:
        // the member is made by whichever registration the Community learns first (docs/community.md).
        Assert.Contains(announcement.GetProperty("experienceId").GetString(), new[] { first.Id, second.Id });
        Assert.DoesNotContain(later, e => e.GetProperty("message").Has("memberId", member.Id));
    }

    [Fact]
    public async Task Registrations_of_one_professional_for_many_experiences_at_once_make_one_member_all_participations_point_to()
    {
        await using var joined = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:MemberJoined", Cancel);
        var experiences = new List<Contracts.Experience.V1.Experience>();
        for (var i = 0; i < 8; i++)
        {
            experiences.Add(await fixture.ScheduleScreeningAsync());
        }

        var name = $"Noor {Guid.NewGuid():N}";
        var email = $"noor.{Guid.NewGuid():N}@example.nl";
        await Task.WhenAll(experiences.Select(e => fixture.RegisterAsync(e, email, name, "Climate officer")));

        var participations = await Task.WhenAll(experiences.Select(e => fixture.ParticipantsAsync(e.Id, 1)));
        var member = await Community.FindMemberAsync(new FindMemberRequest { Email = email }, cancellationToken: Cancel);
        var namesakes = (await AllAsync(new ListMembersRequest { PageSize = 500 })).Where(m => m.FullName == name).Select(m => m.Id).ToList();
        var announcement = await joined.NextAsync(m => m.Has("professionalId", member.ProfessionalId), Cancel);
        var later = await joined.DrainAsync(Cancel);

        Assert.Equal([member.Id], namesakes);
        Assert.All(participations, p => Assert.Equal(member.Id, p.Single().MemberId));
        Assert.Equal(member.Id, announcement.GetProperty("memberId").GetString());
        Assert.Contains(announcement.GetProperty("experienceId").GetString(), experiences.Select(e => e.Id));
        Assert.DoesNotContain(later, e => e.GetProperty("message").Has("professionalId", member.ProfessionalId));
    }

    [Fact]
    public async Task A_cancellation_taken_in_before_its_registration_leaves_no_participant_and_the_membership_stays()
    {
        var screening = await fixture.ScheduleScreeningAsync();
        var email = $"eva.{Guid.NewGuid():N}@example.nl";
        var registrationId = Guid.CreateVersion7();
        var registeredAt = DateTimeOffset.UtcNow;
        var registered = new ParticipantRegistered
        {
            EventId = Guid.CreateVersion7(), OccurredAt = registeredAt, RegistrationId = registrationId, ExperienceId = Guid.Parse(screening.Id),
            SessionId = Guid.Parse(screening.Sessions[0].Id), ProfessionalId = Professionals.IdOf(email), FullName = "Eva Smit", Email = email, Role = "Energy coordinator", FromWaitlist = false,
        };
        var cancelled = new RegistrationCancelled
        {
            EventId = Guid.CreateVersion7(), OccurredAt = registeredAt.AddMinutes(1), RegistrationId = registrationId, ExperienceId = registered.ExperienceId,
            SessionId = registered.SessionId, ProfessionalId = registered.ProfessionalId, PreviousStatus = "Registered", CancelledBy = "Participant",
        };

        // The two arrive on separate queues, so the cancellation can be taken in first (a retry of
        // the registration, a backlog on its queue): here it is, for certain.
        await using var publisher = await EventPublisher.StartAsync(fixture.RabbitMq, Cancel);
        await publisher.PublishAsync(cancelled, Cancel);
        Assert.True(await Eventually.ReachesAsync(() => fixture.ConsumedAsync(cancelled.EventId), consumed => consumed), "The cancellation was not taken in.");
        await publisher.PublishAsync(registered, Cancel);
        var member = await Eventually.ReachesAsync(() => FindAsync(email), m => m is not null);
        var participants = await Community.ListParticipantsAsync(new ListParticipantsRequest { ExperienceId = screening.Id }, cancellationToken: Cancel);

        Assert.NotNull(member);
        Assert.Equal(MemberSource.Registration, member.Source);
        Assert.Empty(participants.Participants);
    }

    [Fact]
    public async Task A_participant_has_the_role_they_registered_with_not_the_one_in_their_profile()
    {
        var member = await fixture.SignUpAsync("Dirk", role: "Policy adviser");
        var screening = await fixture.ScheduleScreeningAsync();
        await fixture.RegisterAsync(screening, member.Email, "Dirk", "Energy coordinator");

        var participants = await fixture.ParticipantsAsync(screening.Id, 1);
        var profile = await Community.GetMemberAsync(new GetMemberRequest { Id = member.Id }, cancellationToken: Cancel);

        Assert.Equal((member.Id, "Energy coordinator"), (participants.Single().MemberId, participants.Single().Role));
        Assert.Equal("Policy adviser", profile.Role);
    }

    [Fact]
    public async Task A_profile_changes_at_its_version_consent_is_recorded_and_the_newsletter_list_holds_only_consenting_members()
    {
        var member = await fixture.SignUpAsync("Carla");
        var updated = await Community.UpdateProfileAsync(new UpdateProfileRequest { Id = member.Id, FullName = "Carla Bos", OrganizationName = "Hogeschool Utrecht", Role = "Lecturer", Interests = { "Waste" }, ExpectedVersion = member.Version }, cancellationToken: Cancel);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Community.UpdateProfileAsync(new UpdateProfileRequest { Id = member.Id, FullName = "Carla", ExpectedVersion = member.Version }, cancellationToken: Cancel).ResponseAsync);
        var consenting = await Community.SetNewsletterConsentAsync(new SetNewsletterConsentRequest { Id = member.Id, Consent = true }, cancellationToken: Cancel);
        var other = await fixture.SignUpAsync("Dirk");
        var newsletter = await AllAsync(new ListMembersRequest { NewsletterOnly = true, PageSize = 500 });
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Community.GetMemberAsync(new GetMemberRequest { Id = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(("Carla Bos", "Lecturer", member.Version + 1), (updated.FullName, updated.Role, updated.Version));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.True(consenting.NewsletterConsent);
        Assert.NotNull(consenting.NewsletterConsentChangedAt);
        Assert.Contains(newsletter, m => m.Id == member.Id);
        Assert.DoesNotContain(newsletter, m => m.Id == other.Id);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Erasure_removes_the_personal_data_and_the_posts_and_tells_the_other_services()
    {
        await using var erased = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:MemberErased", Cancel);
        var member = await fixture.SignUpAsync("Eva Smit");
        var email = member.Email;
        var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = ForumTests.PublicSpace, AuthorMemberId = member.Id, Title = "My municipality Zeist", BodyMarkdown = "Call me on 06-12345678" }, cancellationToken: Cancel);
        await Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = member.Id, BodyMarkdown = "I live in Zeist" }, cancellationToken: Cancel);

        var result = await Community.EraseMemberAsync(new EraseMemberRequest { Id = member.Id }, cancellationToken: Cancel);
        var after = await Community.GetMemberAsync(new GetMemberRequest { Id = member.Id }, cancellationToken: Cancel);
        var byEmail = await Assert.ThrowsAsync<RpcException>(() => Community.FindMemberAsync(new FindMemberRequest { Email = email }, cancellationToken: Cancel).ResponseAsync);
        var posts = await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true }, cancellationToken: Cancel);
        var threads = await Community.ListThreadsAsync(new ListThreadsRequest { SpaceId = ForumTests.PublicSpace, PageSize = 500 }, cancellationToken: Cancel);
        var twice = await Assert.ThrowsAsync<RpcException>(() => Community.EraseMemberAsync(new EraseMemberRequest { Id = member.Id }, cancellationToken: Cancel).ResponseAsync);
        var posting = await Assert.ThrowsAsync<RpcException>(() => Community.ReplyAsync(new ReplyRequest { ThreadId = thread.Id, AuthorMemberId = member.Id, BodyMarkdown = "again" }, cancellationToken: Cancel).ResponseAsync);
        var announcement = await erased.NextAsync(m => m.Has("memberId", member.Id), Cancel);

        Assert.Equal(2, result.PostsCleared);
        Assert.Equal(("Erased member", string.Empty, string.Empty, string.Empty, string.Empty), (after.FullName, after.Email, after.OrganizationName, after.Role, after.ProfessionalId));
        Assert.Empty(after.Interests);
        Assert.NotNull(after.ErasedAt);
        Assert.Equal(StatusCode.NotFound, byEmail.StatusCode);
        Assert.All(posts.Posts, p => Assert.DoesNotContain("Zeist", p.BodyMarkdown, StringComparison.Ordinal));
        Assert.All(posts.Posts, p => Assert.Equal("Erased member", p.AuthorName));
        Assert.Equal("[removed: the author's data was erased]", threads.Threads.Single(t => t.Id == thread.Id).Title);
        Assert.DoesNotContain(threads.Threads, t => t.Title.Contains("Zeist", StringComparison.Ordinal));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, posting.StatusCode);
        Assert.Equal(member.ProfessionalId, announcement.GetProperty("professionalId").GetString());
    }

    [Fact]
    public async Task A_thread_started_while_RabbitMQ_is_away_and_erased_before_it_returns_goes_out_without_its_title()
    {
        var member = await fixture.SignUpAsync("Lotte");
        var queue = "test-erasure-" + Guid.NewGuid().ToString("N");
        await EventSubscriber.DeclareQueueAsync(fixture.RabbitMq, "Platform.Contracts.Events:ThreadStarted", queue, Cancel);
        try
        {
            // ThreadStarted waits in the outbox (its aggregate is the thread), MemberErased behind
            // it (its aggregate is the member): the relay publishes them in either order.
            await fixture.App.StopResourceAsync("rabbitmq", Cancel);
            string threadId;
            try
            {
                threadId = (await Community.StartThreadAsync(new StartThreadRequest { SpaceId = ForumTests.PublicSpace, AuthorMemberId = member.Id, Title = "Lotte's plans for Zeist", BodyMarkdown = "Ideas welcome" }, cancellationToken: Cancel)).Id;
                await Community.EraseMemberAsync(new EraseMemberRequest { Id = member.Id }, cancellationToken: Cancel);
            }
            finally
            {
                await fixture.App.StartResourceAsync("rabbitmq", Cancel);
            }

            var received = await Eventually.ReachesAsync(
                async () => (await EventSubscriber.PeekAsync(fixture.RabbitMq, queue, Cancel)).Select(m => m.Body).ToList(),
                bodies => bodies.Any(b => b.Contains(threadId, StringComparison.Ordinal)),
                timeout: TimeSpan.FromSeconds(90));

            var started = Assert.Single(received, b => b.Contains(threadId, StringComparison.Ordinal));
            Assert.DoesNotContain("Zeist", started, StringComparison.Ordinal);
            Assert.Contains("[removed: the author's data was erased]", System.Text.Json.JsonDocument.Parse(started).RootElement.GetProperty("message").GetProperty("title").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await EventSubscriber.DeleteQueueAsync(fixture.RabbitMq, queue, Cancel);
        }
    }

    [Fact]
    public async Task After_erasure_a_retried_request_no_longer_answers_with_the_members_data()
    {
        // Replies to requests with a request id are kept a day, so a retry gets the first answer.
        var email = $"joost.{Guid.NewGuid():N}@example.nl";
        var signUp = new SignUpRequest { FullName = "Joost Bakker", Email = email, OrganizationName = "Gemeente Zeist", Role = "Adviser", RequestId = Guid.NewGuid().ToString() };
        var member = await Community.SignUpAsync(signUp, cancellationToken: Cancel);
        var start = new StartThreadRequest { SpaceId = ForumTests.PublicSpace, AuthorMemberId = member.Id, Title = "Joost asks about Zeist", BodyMarkdown = "Mail me at " + email, RequestId = Guid.NewGuid().ToString() };
        await Community.StartThreadAsync(start, cancellationToken: Cancel);

        await Community.EraseMemberAsync(new EraseMemberRequest { Id = member.Id }, cancellationToken: Cancel);
        var signUpAgain = await Community.SignUpAsync(signUp, cancellationToken: Cancel);
        var startAgain = await Community.StartThreadAsync(start, cancellationToken: Cancel);

        Assert.DoesNotContain("Joost", signUpAgain.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(email, signUpAgain.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Joost", startAgain.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(email, startAgain.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_made_before_an_erasure_and_taken_in_after_it_brings_nothing_back_a_later_one_makes_a_new_member()
    {
        await using var joined = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:MemberJoined", Cancel);
        var member = await fixture.SignUpAsync("Femke de Wit");
        var erasedAt = (await Community.EraseMemberAsync(new EraseMemberRequest { Id = member.Id }, cancellationToken: Cancel)).ErasedAt.ToDateTimeOffset();
        await using var publisher = await EventPublisher.StartAsync(fixture.RabbitMq, Cancel);

        // Registered a minute before the erasure, taken in after it (a retry, a backlog, a re-drive from _error).
        var older = Registration(member.Email, "Femke de Wit", erasedAt.AddMinutes(-1));
        await publisher.PublishAsync(older, Cancel);
        Assert.True(await Eventually.ReachesAsync(() => fixture.ConsumedAsync(older.EventId), consumed => consumed), "The older registration was not taken in.");
        var afterOlder = await FindAsync(member.Email);

        // Registered after the erasure: the person came back, a new consent.
        var later = Registration(member.Email, "Femke de Wit", DateTimeOffset.UtcNow.AddSeconds(1));
        await publisher.PublishAsync(later, Cancel);
        var returned = await Eventually.ReachesAsync(() => FindAsync(member.Email), m => m is not null);
        Assert.NotNull(returned);
        await joined.NextAsync(m => m.Has("memberId", returned.Id), Cancel);
        var announced = (await joined.DrainAsync(Cancel)).Select(e => e.GetProperty("message"))
            .Where(m => m.Has("professionalId", member.ProfessionalId)).Select(m => m.GetProperty("memberId").GetString()).ToList();

        Assert.Null(afterOlder);
        Assert.NotEqual(member.Id, returned.Id);
        Assert.Equal(MemberSource.Registration, returned.Source);
        Assert.DoesNotContain(announced, id => id != member.Id && id != returned.Id);
    }

    [Fact]
    public async Task An_erasure_racing_replies_leaves_no_post_of_the_member_with_its_text()
    {
        var host = await fixture.SignUpAsync("Host");
        for (var round = 0; round < 5; round++)
        {
            var member = await fixture.SignUpAsync("Racer");
            var thread = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = ForumTests.PublicSpace, AuthorMemberId = host.Id, Title = "Race " + round, BodyMarkdown = "Reply here" }, cancellationToken: Cancel);
            var calls = new List<Task>();
            for (var i = 0; i < 20; i++)
            {
                calls.Add(ReplyOrRefusedAsync(thread.Id, member.Id, $"secret {round}.{i}"));
                if (i == 10)
                {
                    calls.Add(Community.EraseMemberAsync(new EraseMemberRequest { Id = member.Id }, cancellationToken: Cancel).ResponseAsync);
                }
            }

            await Task.WhenAll(calls);

            var posts = await Community.ListPostsAsync(new ListPostsRequest { ThreadId = thread.Id, IncludeHidden = true, PageSize = 100 }, cancellationToken: Cancel);

            Assert.All(posts.Posts.Where(p => p.AuthorMemberId == member.Id), p => Assert.Equal("[removed: the author's data was erased]", p.BodyMarkdown));
        }
    }

    /// <summary>A reply, or nothing when the member was erased first (FailedPrecondition).</summary>
    private async Task ReplyOrRefusedAsync(string threadId, string memberId, string body)
    {
        try
        {
            await Community.ReplyAsync(new ReplyRequest { ThreadId = threadId, AuthorMemberId = memberId, BodyMarkdown = body }, cancellationToken: Cancel);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
        }
    }

    private static ParticipantRegistered Registration(string email, string name, DateTimeOffset occurredAt) => new()
    {
        EventId = Guid.CreateVersion7(), OccurredAt = occurredAt, RegistrationId = Guid.CreateVersion7(), ExperienceId = Guid.CreateVersion7(),
        SessionId = Guid.CreateVersion7(), ProfessionalId = Professionals.IdOf(email), FullName = name, Email = email, Role = "Adviser", FromWaitlist = false,
    };

    /// <summary>The member with this e-mail address; null while there is none.</summary>
    private async Task<Member?> FindAsync(string email)
    {
        try
        {
            return await Community.FindMemberAsync(new FindMemberRequest { Email = email }, cancellationToken: Cancel);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<List<Member>> AllAsync(ListMembersRequest request)
    {
        var all = new List<Member>();
        do
        {
            var page = await Community.ListMembersAsync(request, cancellationToken: Cancel);
            all.AddRange(page.Members);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }
}
