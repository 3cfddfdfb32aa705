using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Community.V1;
using Platform.Hosting.Testing;

namespace Platform.Community.Tests;

/// <summary>Intervision groups from an experience's participants: mixed roles, deterministic, facilitators, moves.</summary>
[Collection(CommunityServers.Name)]
public sealed class GroupTests(CommunityFixture fixture)
{
    // 12 professionals, 4 roles in unequal numbers (5, 4, 2, 1), interleaved so that dealing them
    // in this order without looking at roles, card by card or a block per group, clusters a role:
    // they sign up (and so get their member ids) and are named in this order.
    private static readonly string[] Roles =
    [
        "Project leader", "Data analyst", "Policy adviser", "Project leader",
        "Project leader", "Project leader", "Policy adviser", "Manager",
        "Policy adviser", "Policy adviser", "Manager", "Policy adviser",
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CommunityService.CommunityServiceClient Community => fixture.Community;

    [Fact]
    public async Task Groups_mix_roles_as_evenly_as_possible_and_the_same_participants_always_give_the_same_groups()
    {
        await using var formed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:GroupFormed", Cancel);
        var people = Enumerable.Range(0, Roles.Length).Select(i => (Email: $"p{i}.{Guid.NewGuid():N}@example.nl", Name: $"Professional {i:00}", Role: Roles[i])).ToList();
        foreach (var (email, name, _) in people)
        {
            await Community.SignUpAsync(new SignUpRequest { Email = email, FullName = name }, cancellationToken: Cancel);
        }

        var first = await ExperienceWithAsync(people);
        var second = await ExperienceWithAsync([.. Enumerable.Reverse(people)]);

        var groups = (await Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = first.Id, GroupCount = 3 }, cancellationToken: Cancel)).Groups;
        var again = (await Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = second.Id, GroupCount = 3, NamePrefix = "Kring" }, cancellationToken: Cancel)).Groups;
        var twice = await Assert.ThrowsAsync<RpcException>(() => Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = first.Id, GroupCount = 2 }, cancellationToken: Cancel).ResponseAsync);
        var announcements = await formed.EachAsync([.. groups.Select(g => (Func<JsonElement, bool>)(m => m.Has("groupId", g.Id)))], Cancel);
        var spaces = await Community.ListSpacesAsync(new ListSpacesRequest { Kind = SpaceKind.Group, PageSize = 500 }, cancellationToken: Cancel);

        Assert.Equal(["Intervision group 1", "Intervision group 2", "Intervision group 3"], groups.Select(g => g.Name));
        Assert.Equal([4, 4, 4], groups.Select(g => g.Members.Count));
        foreach (var role in Roles.Distinct())
        {
            var perGroup = groups.Select(g => g.Members.Count(m => m.Role == role)).ToList();
            Assert.True(perGroup.Max() - perGroup.Min() <= 1, $"{role}: {string.Join(", ", perGroup)}");
        }

        Assert.All(groups, g => Assert.Contains(g.Members, m => m.MemberId == g.FacilitatorMemberId));
        Assert.Equal(12, groups.SelectMany(g => g.Members).Select(m => m.MemberId).Distinct().Count());
        Assert.Equal(groups.Select(Members), again.Select(Members));
        Assert.StartsWith("Kring", again[0].Name, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.All(announcements, a => Assert.Equal("Intervision", a.GetProperty("kind").GetString()));
        Assert.Equal(groups.Select(Members), announcements.Select(a => string.Join(",", a.GetProperty("memberIds").EnumerateArray().Select(m => m.GetString()).Order(StringComparer.Ordinal))));
        Assert.All(groups, g => Assert.Contains(spaces.Spaces, s => s.Id == g.SpaceId && s.GroupId == g.Id));
    }

    [Fact]
    public async Task Groups_hold_at_most_fifty_so_a_large_experience_needs_enough_groups_and_a_screening_gets_none()
    {
        var programme = Guid.NewGuid();
        var screening = Guid.NewGuid();
        await fixture.AddParticipantsAsync(programme, 101);
        await fixture.AddParticipantsAsync(screening, 2_501);

        var tooFew = await Assert.ThrowsAsync<RpcException>(() => Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = programme.ToString(), GroupCount = 2 }, cancellationToken: Cancel).ResponseAsync);
        var enough = (await Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = programme.ToString(), GroupCount = 3 }, cancellationToken: Cancel)).Groups;
        var tooLarge = await Assert.ThrowsAsync<RpcException>(() => Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = screening.ToString(), GroupCount = 50 }, cancellationToken: Cancel).ResponseAsync);
        var screeningGroups = await Community.ListGroupsAsync(new ListGroupsRequest { ExperienceId = screening.ToString() }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.FailedPrecondition, tooFew.StatusCode);
        Assert.Contains("at least 3 groups, not 2", tooFew.Status.Detail, StringComparison.Ordinal);
        Assert.Equal([34, 34, 33], enough.Select(g => g.Members.Count));
        Assert.Equal(StatusCode.FailedPrecondition, tooLarge.StatusCode);
        Assert.Contains("at most 2500", tooLarge.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(screeningGroups.Groups);
    }

    [Fact]
    public async Task A_member_moves_between_groups_and_writes_in_the_new_groups_space_only_while_facilitators_stay()
    {
        var people = Enumerable.Range(0, 6).Select(i => (Email: $"m{i}.{Guid.NewGuid():N}@example.nl", Name: $"Mover {i}", Role: i % 2 == 0 ? "Adviser" : "Manager")).ToList();
        var experience = await ExperienceWithAsync(people);
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = experience.Id, GroupCount = 4 }, cancellationToken: Cancel).ResponseAsync);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = "x", GroupCount = 0 }, cancellationToken: Cancel).ResponseAsync);
        var groups = (await Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = experience.Id, GroupCount = 2 }, cancellationToken: Cancel)).Groups;
        var (from, to) = (groups[0], groups[1]);
        var mover = from.Members.First(m => m.MemberId != from.FacilitatorMemberId);

        var moved = await Community.MoveGroupMemberAsync(new MoveGroupMemberRequest { MemberId = mover.MemberId, ToGroupId = to.Id }, cancellationToken: Cancel);
        var facilitator = await Assert.ThrowsAsync<RpcException>(() => Community.MoveGroupMemberAsync(new MoveGroupMemberRequest { MemberId = from.FacilitatorMemberId, ToGroupId = to.Id }, cancellationToken: Cancel).ResponseAsync);
        var inNewSpace = await Community.StartThreadAsync(new StartThreadRequest { SpaceId = to.SpaceId, AuthorMemberId = mover.MemberId, Title = "Hello group", BodyMarkdown = "b" }, cancellationToken: Cancel);
        var inOldSpace = await Assert.ThrowsAsync<RpcException>(() => Community.StartThreadAsync(new StartThreadRequest { SpaceId = from.SpaceId, AuthorMemberId = mover.MemberId, Title = "Hi", BodyMarkdown = "b" }, cancellationToken: Cancel).ResponseAsync);
        var newFacilitator = await Community.AssignFacilitatorAsync(new AssignFacilitatorRequest { GroupId = to.Id, MemberId = mover.MemberId }, cancellationToken: Cancel);
        var strangerFacilitator = await Assert.ThrowsAsync<RpcException>(() => Community.AssignFacilitatorAsync(new AssignFacilitatorRequest { GroupId = from.Id, MemberId = mover.MemberId }, cancellationToken: Cancel).ResponseAsync);
        var listed = (await Community.ListGroupsAsync(new ListGroupsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Groups;

        Assert.Equal(StatusCode.FailedPrecondition, tooMany.StatusCode);
        Assert.Equal(["experience_id", "group_count"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal((2, 4), (moved.From.Members.Count, moved.To.Members.Count));
        Assert.Contains(moved.To.Members, m => m.MemberId == mover.MemberId);
        Assert.Equal(StatusCode.FailedPrecondition, facilitator.StatusCode);
        Assert.Equal("Hello group", inNewSpace.Title);
        Assert.Equal(StatusCode.FailedPrecondition, inOldSpace.StatusCode);
        Assert.Equal(mover.MemberId, newFacilitator.FacilitatorMemberId);
        Assert.Equal(StatusCode.FailedPrecondition, strangerFacilitator.StatusCode);
        Assert.Equal([2, 4], listed.Select(g => g.Members.Count));
    }

    [Fact]
    public async Task An_erased_member_is_not_made_a_groups_facilitator()
    {
        var people = Enumerable.Range(0, 4).Select(i => (Email: $"f{i}.{Guid.NewGuid():N}@example.nl", Name: $"Facilitator {i}", Role: "Adviser")).ToList();
        var experience = await ExperienceWithAsync(people);
        var group = (await Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = experience.Id, GroupCount = 1 }, cancellationToken: Cancel)).Groups.Single();
        var erased = group.Members.First(m => m.MemberId != group.FacilitatorMemberId);
        await Community.EraseMemberAsync(new EraseMemberRequest { Id = erased.MemberId }, cancellationToken: Cancel);

        var assigned = await Assert.ThrowsAsync<RpcException>(() => Community.AssignFacilitatorAsync(new AssignFacilitatorRequest { GroupId = group.Id, MemberId = erased.MemberId }, cancellationToken: Cancel).ResponseAsync);
        var after = await Community.GetGroupAsync(new GetGroupRequest { Id = group.Id }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.FailedPrecondition, assigned.StatusCode);
        Assert.Contains("erased", assigned.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(group.FacilitatorMemberId, after.FacilitatorMemberId);
    }

    [Fact]
    public async Task An_erased_facilitator_leaves_the_group_without_one_until_another_member_is_assigned()
    {
        var people = Enumerable.Range(0, 4).Select(i => (Email: $"e{i}.{Guid.NewGuid():N}@example.nl", Name: $"Erased facilitator {i}", Role: "Adviser")).ToList();
        var experience = await ExperienceWithAsync(people);
        var group = (await Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = experience.Id, GroupCount = 1 }, cancellationToken: Cancel)).Groups.Single();
        var next = group.Members.First(m => m.MemberId != group.FacilitatorMemberId).MemberId;

        await Community.EraseMemberAsync(new EraseMemberRequest { Id = group.FacilitatorMemberId }, cancellationToken: Cancel);
        var erased = await Community.GetGroupAsync(new GetGroupRequest { Id = group.Id }, cancellationToken: Cancel);
        var assigned = await Community.AssignFacilitatorAsync(new AssignFacilitatorRequest { GroupId = group.Id, MemberId = next }, cancellationToken: Cancel);

        Assert.Equal(string.Empty, erased.FacilitatorMemberId);
        Assert.Equal(next, assigned.FacilitatorMemberId);
    }

    [Fact]
    public async Task Two_identical_moves_at_once_move_the_member_once_and_the_other_finds_them_there()
    {
        var people = Enumerable.Range(0, 8).Select(i => (Email: $"r{i}.{Guid.NewGuid():N}@example.nl", Name: $"Racer {i}", Role: i % 2 == 0 ? "Adviser" : "Manager")).ToList();
        var experience = await ExperienceWithAsync(people);
        var groups = (await Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = experience.Id, GroupCount = 2 }, cancellationToken: Cancel)).Groups;
        var mover = groups[0].Members.First(m => m.MemberId != groups[0].FacilitatorMemberId).MemberId;

        for (var round = 0; round < 10; round++)
        {
            var to = groups[(round + 1) % 2];
            var move = new MoveGroupMemberRequest { MemberId = mover, ToGroupId = to.Id };
            var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
            {
                try
                {
                    return (await Community.MoveGroupMemberAsync(move, cancellationToken: Cancel)).From.Id;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
                {
                    return ex.Status.Detail;
                }
            }));
            var listed = (await Community.ListGroupsAsync(new ListGroupsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Groups;

            Assert.Single(outcomes, o => o == groups[round % 2].Id);
            Assert.Single(outcomes, o => o.Contains("already", StringComparison.Ordinal));
            Assert.Contains(listed.Single(g => g.Id == to.Id).Members, m => m.MemberId == mover);
        }
    }

    [Fact]
    public async Task An_erasure_while_groups_are_formed_waits_for_the_formation_and_then_empties_the_members_place()
    {
        var people = Enumerable.Range(0, 4).Select(i => (Email: $"f{i}.{Guid.NewGuid():N}@example.nl", Name: $"Former {i}", Role: i % 2 == 0 ? "Adviser" : "Manager")).ToList();
        var experience = await ExperienceWithAsync(people);
        var erased = (await fixture.ParticipantsAsync(experience.Id, people.Count)).First(p => p.Role == "Manager");
        var formation = new FormGroupsRequest { ExperienceId = experience.Id, GroupCount = 2, RequestId = Guid.NewGuid().ToString() };

        // An uncommitted group 1 of the experience: FormGroups reads the participants, then its own
        // group 1 waits for this one (the unique index) until it is rolled back.
        await using var holder = await fixture.OpenDatabaseAsync();
        await using (var hold = await holder.BeginTransactionAsync(Cancel))
        {
            await CommunityFixture.QueryAsync(
                holder,
                """INSERT INTO groups ("Id", "ExperienceId", "Number", "Name", "Kind", "SpaceId", "FormedAt") VALUES (gen_random_uuid(), $1, 1, 'held', 'Intervision', gen_random_uuid(), now())""",
                Guid.Parse(experience.Id));
            var form = Community.FormGroupsAsync(formation, cancellationToken: Cancel).ResponseAsync;
            var former = await fixture.WaitingForAsync(holder.ProcessID);
            var erase = Community.EraseMemberAsync(new EraseMemberRequest { Id = erased.MemberId }, cancellationToken: Cancel).ResponseAsync;
            // The erasure waits for the formation (it came first). Had it gone ahead here, between
            // the formation's read and its writes, the formation would write the member's role after
            // the erasure had emptied their places.
            await fixture.WaitingForAsync(former!.Value, unless: erase);
            await hold.RollbackAsync(Cancel);
            await form;
            await erase;
        }

        var listed = (await Community.ListGroupsAsync(new ListGroupsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Groups;
        var retried = await Community.FormGroupsAsync(formation, cancellationToken: Cancel);

        var place = listed.SelectMany(g => g.Members).Single(m => m.MemberId == erased.MemberId);
        Assert.Equal(("Erased member", string.Empty), (place.FullName, place.Role));
        Assert.DoesNotContain(retried.Groups.SelectMany(g => g.Members), m => m.MemberId == erased.MemberId && m.Role.Length > 0);
    }

    [Fact]
    public async Task Groups_formed_while_a_participant_is_erased_wait_for_the_erasure_and_leave_the_member_out()
    {
        var people = Enumerable.Range(0, 5).Select(i => (Email: $"e{i}.{Guid.NewGuid():N}@example.nl", Name: $"Erasee {i}", Role: i % 2 == 0 ? "Adviser" : "Manager")).ToList();
        var experience = await ExperienceWithAsync(people);
        var erased = (await fixture.ParticipantsAsync(experience.Id, people.Count)).First(p => p.Role == "Manager");

        // The member's participation locked: the erasure locks the member, then waits here to empty
        // the role it was registered with, until this is rolled back.
        await using var holder = await fixture.OpenDatabaseAsync();
        IReadOnlyList<Group> formed;
        await using (var hold = await holder.BeginTransactionAsync(Cancel))
        {
            await CommunityFixture.QueryAsync(holder, """SELECT 1 FROM experience_participants WHERE "MemberId" = $1 FOR UPDATE""", Guid.Parse(erased.MemberId));
            var erase = Community.EraseMemberAsync(new EraseMemberRequest { Id = erased.MemberId }, cancellationToken: Cancel).ResponseAsync;
            var eraser = await fixture.WaitingForAsync(holder.ProcessID);
            var form = Community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = experience.Id, GroupCount = 2 }, cancellationToken: Cancel).ResponseAsync;
            // The formation waits for the erasure (it came first). Had it gone ahead, it would have
            // put the member, whose data is going, into a group.
            await fixture.WaitingForAsync(eraser!.Value, unless: form);
            await hold.RollbackAsync(Cancel);
            await erase;
            formed = (await form).Groups;
        }

        var listed = (await Community.ListGroupsAsync(new ListGroupsRequest { ExperienceId = experience.Id }, cancellationToken: Cancel)).Groups;

        Assert.Equal(people.Count - 1, formed.Sum(g => g.Members.Count));
        Assert.DoesNotContain(formed.SelectMany(g => g.Members), m => m.MemberId == erased.MemberId);
        Assert.DoesNotContain(listed.SelectMany(g => g.Members), m => m.MemberId == erased.MemberId);
    }

    private static string Members(Group group) => string.Join(",", group.Members.Select(m => m.MemberId).Order(StringComparer.Ordinal));

    /// <summary>A screening the professionals registered for (in the order given), once the Community service knows them all.</summary>
    private async Task<Contracts.Experience.V1.Experience> ExperienceWithAsync(List<(string Email, string Name, string Role)> people)
    {
        var experience = await fixture.ScheduleScreeningAsync();
        foreach (var (email, name, role) in people)
        {
            await fixture.RegisterAsync(experience, email, name, role);
        }

        var known = await fixture.ParticipantsAsync(experience.Id, people.Count);
        Assert.Equal(people.Count, known.Count);
        return experience;
    }
}
