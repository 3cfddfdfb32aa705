using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Partner.V1;
using Platform.Hosting.Testing;
using StackExchange.Redis;

namespace Platform.Partner.Tests;

/// <summary>The pool of experts, finding the best fit, and climate teams with an expert as coach.</summary>
[Collection(PartnerServers.Name)]
public sealed class ExpertTests(PartnerFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PartnerService.PartnerServiceClient Manager => fixture.Manager;

    [Fact]
    public async Task A_registered_expert_reads_back_from_the_cache_and_announces_itself_with_themes_and_capacity()
    {
        await using var events = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ExpertRegistered", Cancel);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis);
        var request = new RegisterExpertRequest
        {
            Name = "Joost Klimaat",
            Email = Guid.NewGuid().ToString("N")[..10] + "@coach.example",
            OrganizationName = "Klimaatcoach BV",
            Themes = { Theme.EnergyWater, Theme.Mobility, Theme.EnergyWater },
            Sectors = { Sector.Government, Sector.Education },
            Languages = { "NL", "en" },
            MonthlyCapacityHours = 12.5,
        };

        var expert = await Manager.RegisterExpertAsync(request, cancellationToken: Cancel);
        var read = await Manager.GetExpertAsync(new GetExpertRequest { Id = expert.Id }, cancellationToken: Cancel);
        var message = await events.NextAsync(m => m.Has("expertId", expert.Id), Cancel);
        var key = "partner:expert:" + Guid.Parse(expert.Id).ToString("N");
        var cached = Expert.Parser.ParseFrom((byte[])(await redis.GetDatabase().StringGetAsync(key))!);
        var deactivated = await Manager.DeactivateExpertAsync(new DeactivateExpertRequest { Id = expert.Id, Reason = "moved abroad" }, cancellationToken: Cancel);
        var afterChange = await redis.GetDatabase().KeyExistsAsync(key);
        var reread = await Manager.GetExpertAsync(new GetExpertRequest { Id = expert.Id }, cancellationToken: Cancel);
        var recached = Expert.Parser.ParseFrom((byte[])(await redis.GetDatabase().StringGetAsync(key))!);

        Assert.Equal(expert, read);
        Assert.Equal(expert, cached);
        Assert.True(expert.Active);
        Assert.Equal([Theme.EnergyWater, Theme.Mobility], expert.Themes);
        Assert.Equal(["nl", "en"], expert.Languages);
        Assert.Equal(["EnergyWater", "Mobility"], message.GetProperty("themes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["Government", "Education"], message.GetProperty("sectors").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["nl", "en"], message.GetProperty("languages").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(12.5, message.GetProperty("monthlyCoachingCapacityHours").GetDouble());
        Assert.Equal("Klimaatcoach BV", message.GetProperty("organizationName").GetString());
        Assert.Equal(64, message.GetProperty("professionalId").GetString()!.Length);
        Assert.False(deactivated.Active);
        Assert.Equal("moved abroad", deactivated.DeactivationReason);
        Assert.False(afterChange);
        Assert.Equal(deactivated, reread);
        Assert.Equal(deactivated, recached);
    }

    [Fact]
    public async Task Deactivating_an_expert_again_changes_nothing_and_keeps_the_cached_copy()
    {
        var expert = await fixture.RegisterExpertAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis);
        var key = "partner:expert:" + Guid.Parse(expert.Id).ToString("N");

        var deactivated = await Manager.DeactivateExpertAsync(new DeactivateExpertRequest { Id = expert.Id, Reason = "retired" }, cancellationToken: Cancel);
        await Manager.GetExpertAsync(new GetExpertRequest { Id = expert.Id }, cancellationToken: Cancel);
        var again = await Manager.DeactivateExpertAsync(new DeactivateExpertRequest { Id = expert.Id, Reason = "retired twice" }, cancellationToken: Cancel);
        var kept = await redis.GetDatabase().StringGetAsync(key);

        Assert.Equal(deactivated, again);
        Assert.True(kept.HasValue, "deactivating again dropped the cached copy");
        Assert.Equal(deactivated, Expert.Parser.ParseFrom((byte[])kept!));
    }

    [Fact]
    public async Task A_registration_retried_after_deactivation_returns_the_first_result_and_reads_still_show_the_expert_deactivated()
    {
        var request = new RegisterExpertRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Name = "Fleur Retry",
            Email = Guid.NewGuid().ToString("N")[..10] + "@coach.example",
            Themes = { Theme.Waste },
            Sectors = { Sector.Business },
            Languages = { "nl" },
            MonthlyCapacityHours = 8,
        };

        var registered = await Manager.RegisterExpertAsync(request, cancellationToken: Cancel);
        await Manager.GetExpertAsync(new GetExpertRequest { Id = registered.Id }, cancellationToken: Cancel);
        var deactivated = await Manager.DeactivateExpertAsync(new DeactivateExpertRequest { Id = registered.Id, Reason = "retired" }, cancellationToken: Cancel);
        var readBefore = await Manager.GetExpertAsync(new GetExpertRequest { Id = registered.Id }, cancellationToken: Cancel);
        var retried = await Manager.RegisterExpertAsync(request, cancellationToken: Cancel);
        var readAfter = await Manager.GetExpertAsync(new GetExpertRequest { Id = registered.Id }, cancellationToken: Cancel);
        var readAgain = await Manager.GetExpertAsync(new GetExpertRequest { Id = registered.Id }, cancellationToken: Cancel);

        Assert.Equal(registered, retried);
        Assert.True(retried.Active);
        Assert.Equal(deactivated, readBefore);
        Assert.Equal(deactivated, readAfter);
        Assert.Equal(deactivated, readAgain);
        Assert.False(readAgain.Active);
    }

    [Fact]
    public async Task The_same_expert_email_twice_is_AlreadyExists()
    {
        var expert = await fixture.RegisterExpertAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.RegisterExpertAsync(new RegisterExpertRequest
        {
            Name = "Someone else",
            Email = " " + expert.Email.ToUpperInvariant(),
            Themes = { Theme.Waste },
            Sectors = { Sector.Business },
            Languages = { "nl" },
            MonthlyCapacityHours = 4,
        }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task Bad_expert_input_names_every_field_at_fault()
    {
        var request = new RegisterExpertRequest { Name = "X", Email = "x@", Sectors = { (Sector)9 }, Languages = { "dutch" }, MonthlyCapacityHours = double.NaN };

        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.RegisterExpertAsync(request, cancellationToken: Cancel).ResponseAsync);
        var find = await Assert.ThrowsAsync<RpcException>(() => Manager.FindExpertsAsync(new FindExpertsRequest { Theme = (Theme)7, Language = "x", MinHoursLeft = -1, PageSize = 501 }, cancellationToken: Cancel).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Manager.GetExpertAsync(new GetExpertRequest { Id = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["email", "themes", "sectors[0]", "languages[0]", "monthly_capacity_hours"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(["page_size", "theme", "language", "min_hours_left"], find.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Finding_experts_ranks_theme_over_sector_then_hours_left_and_leaves_out_the_unfit_the_inactive_and_the_fully_booked()
    {
        // A language no other test uses keeps the pool to this test's experts.
        const string Frisian = "fy";
        var partner = await fixture.RegisterPartnerAsync();
        var themeAndSector = await fixture.RegisterExpertAsync(8, Theme.Mobility, Sector.Government, Frisian);
        var themeAndSectorMoreHours = await fixture.RegisterExpertAsync(20, Theme.Mobility, Sector.Government, Frisian);
        var themeOnly = await fixture.RegisterExpertAsync(40, Theme.Mobility, Sector.Business, Frisian);
        var sectorOnly = await fixture.RegisterExpertAsync(40, Theme.Waste, Sector.Government, Frisian);
        await fixture.RegisterExpertAsync(40, Theme.Waste, Sector.Business, Frisian);
        var inactive = await fixture.RegisterExpertAsync(40, Theme.Mobility, Sector.Government, Frisian);
        await Manager.DeactivateExpertAsync(new DeactivateExpertRequest { Id = inactive.Id }, cancellationToken: Cancel);
        var booked = await fixture.RegisterExpertAsync(6, Theme.Mobility, Sector.Government, Frisian);
        await Manager.EngageExpertAsync(new EngageExpertRequest { ExpertId = booked.Id, OrganizationId = partner.Id, Scope = "Mobility plan", PlannedHours = 6 }, cancellationToken: Cancel);
        await Manager.EngageExpertAsync(new EngageExpertRequest { ExpertId = themeAndSectorMoreHours.Id, OrganizationId = partner.Id, Scope = "Mobility plan", PlannedHours = 8 }, cancellationToken: Cancel);

        var found = await Manager.FindExpertsAsync(new FindExpertsRequest { Theme = Theme.Mobility, Sector = Sector.Government, Language = "FY" }, cancellationToken: Cancel);
        var roomy = await Manager.FindExpertsAsync(new FindExpertsRequest { Theme = Theme.Mobility, Language = Frisian, MinHoursLeft = 10 }, cancellationToken: Cancel);

        Assert.Equal([themeAndSectorMoreHours.Id, themeAndSector.Id, themeOnly.Id, sectorOnly.Id], found.Matches.Select(m => m.Expert.Id));
        Assert.Equal([3, 3, 2, 1], found.Matches.Select(m => m.Fit));
        Assert.Equal([12, 8, 40, 40], found.Matches.Select(m => m.HoursLeftThisMonth));
        Assert.Equal([themeOnly.Id, themeAndSectorMoreHours.Id], roomy.Matches.Select(m => m.Expert.Id));
    }

    [Fact]
    public async Task A_climate_team_has_the_organizations_contacts_as_members_and_an_active_expert_as_coach()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var other = await fixture.RegisterPartnerAsync();
        var members = new List<string>();
        foreach (var name in new[] { "Anna", "Bram", "Chloé" })
        {
            members.Add((await Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Name = name, Email = Guid.NewGuid().ToString("N")[..10] + "@org.example" }, cancellationToken: Cancel)).Id);
        }

        var outsider = await Manager.AddContactAsync(new AddContactRequest { OrganizationId = other.Id, Name = "Dirk", Email = Guid.NewGuid().ToString("N")[..10] + "@other.example" }, cancellationToken: Cancel);
        var coach = await fixture.RegisterExpertAsync();
        var retired = await fixture.RegisterExpertAsync();
        await Manager.DeactivateExpertAsync(new DeactivateExpertRequest { Id = retired.Id }, cancellationToken: Cancel);

        var team = await Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Klimaatteam Noord", MemberContactIds = { members[0], members[1] }, CoachExpertId = coach.Id }, cancellationToken: Cancel);
        var updated = await Manager.UpdateClimateTeamAsync(new UpdateClimateTeamRequest { Id = team.Id, ExpectedVersion = team.Version, Name = team.Name, MemberContactIds = { members }, CoachExpertId = coach.Id }, cancellationToken: Cancel);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateClimateTeamAsync(new UpdateClimateTeamRequest { Id = team.Id, ExpectedVersion = team.Version, Name = "Old view" }, cancellationToken: Cancel).ResponseAsync);
        var foreignMember = await Assert.ThrowsAsync<RpcException>(() => Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Zuid", MemberContactIds = { members[2], outsider.Id } }, cancellationToken: Cancel).ResponseAsync);
        var retiredCoach = await Assert.ThrowsAsync<RpcException>(() => Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Oost", CoachExpertId = retired.Id }, cancellationToken: Cancel).ResponseAsync);
        var sameName = await Assert.ThrowsAsync<RpcException>(() => Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = " klimaatteam noord" }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListClimateTeamsAsync(new ListClimateTeamsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel);

        Assert.Equal(members, updated.MemberContactIds);
        Assert.Equal(coach.Id, updated.CoachExpertId);
        Assert.Equal(updated, listed.Teams.Single());
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, foreignMember.StatusCode);
        Assert.Contains(outsider.Id, foreignMember.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Description, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, retiredCoach.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, sameName.StatusCode);
    }

    [Fact]
    public async Task A_team_update_that_changes_nothing_keeps_the_version_so_another_editors_copy_stays_current()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var member = await Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Name = "Iris", Email = Guid.NewGuid().ToString("N")[..10] + "@org.example" }, cancellationToken: Cancel);
        var coach = await fixture.RegisterExpertAsync();
        var team = await Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Klimaatteam Midden", MemberContactIds = { member.Id }, CoachExpertId = coach.Id }, cancellationToken: Cancel);

        // The same team saved again, as a form sent back unedited does (the name as typed, with a space).
        var unchanged = await Manager.UpdateClimateTeamAsync(new UpdateClimateTeamRequest { Id = team.Id, ExpectedVersion = team.Version, Name = team.Name + " ", MemberContactIds = { member.Id }, CoachExpertId = coach.Id }, cancellationToken: Cancel);
        var otherEditor = await Manager.UpdateClimateTeamAsync(new UpdateClimateTeamRequest { Id = team.Id, ExpectedVersion = team.Version, Name = "Klimaatteam Centrum", MemberContactIds = { member.Id }, CoachExpertId = coach.Id }, cancellationToken: Cancel);

        Assert.Equal(team, unchanged);
        Assert.Equal(team.Version + 1, otherEditor.Version);
        Assert.Equal("Klimaatteam Centrum", otherEditor.Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_team_update_without_the_version_it_read_is_InvalidArgument_naming_expected_version_and_changes_nothing(long expectedVersion)
    {
        var organization = await fixture.RegisterPartnerAsync();
        var team = await Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Klimaatteam Zuid" }, cancellationToken: Cancel);

        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateClimateTeamAsync(new UpdateClimateTeamRequest { Id = team.Id, ExpectedVersion = expectedVersion, Name = "Klimaatteam Zuidoost" }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListClimateTeamsAsync(new ListClimateTeamsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["expected_version"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(team, listed.Teams.Single());
    }

    [Fact]
    public async Task The_member_limit_counts_different_contacts_so_a_list_with_repeats_is_kept_once_and_51_different_are_too_many()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var contacts = new List<string>();
        foreach (var name in new[] { "Eva", "Femke", "Gijs" })
        {
            contacts.Add((await Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Name = name, Email = Guid.NewGuid().ToString("N")[..10] + "@org.example" }, cancellationToken: Cancel)).Id);
        }

        // 51 entries, 3 contacts: a list pasted twice over, or a client that does not de-duplicate.
        var repeated = Enumerable.Range(0, 51).Select(i => contacts[i % 3]).ToList();
        var team = await Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Klimaatteam Herhaald", MemberContactIds = { repeated } }, cancellationToken: Cancel);
        var updated = await Manager.UpdateClimateTeamAsync(new UpdateClimateTeamRequest { Id = team.Id, ExpectedVersion = team.Version, Name = team.Name, MemberContactIds = { repeated.AsEnumerable().Reverse() } }, cancellationToken: Cancel);
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Klimaatteam Groot", MemberContactIds = { Enumerable.Range(0, 51).Select(_ => Guid.NewGuid().ToString()) } }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(contacts, team.MemberContactIds);
        Assert.Equal(Enumerable.Reverse(contacts), updated.MemberContactIds);
        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        var violation = tooMany.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single();
        Assert.Equal("member_contact_ids", violation.Field);
        Assert.Contains("at most 50", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_member_id_is_a_field_violation_and_no_team_is_formed_without_it()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var member = await Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Name = "Hanna", Email = Guid.NewGuid().ToString("N")[..10] + "@org.example" }, cancellationToken: Cancel);

        // A form's blank row: the client meant a member it did not send.
        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Klimaatteam Leeg", MemberContactIds = { member.Id, string.Empty } }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListClimateTeamsAsync(new ListClimateTeamsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["member_contact_ids[1]"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Empty(listed.Teams);
    }

    [Fact]
    public async Task A_team_whose_coach_was_deactivated_can_still_be_edited_keeping_its_coach_but_takes_no_other_deactivated_one()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var member = await Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Name = "Hanna", Email = Guid.NewGuid().ToString("N")[..10] + "@org.example" }, cancellationToken: Cancel);
        var coach = await fixture.RegisterExpertAsync();
        var otherRetired = await fixture.RegisterExpertAsync();
        var team = await Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Klimaatteam Oost", CoachExpertId = coach.Id }, cancellationToken: Cancel);
        await Manager.DeactivateExpertAsync(new DeactivateExpertRequest { Id = coach.Id, Reason = "retired" }, cancellationToken: Cancel);
        await Manager.DeactivateExpertAsync(new DeactivateExpertRequest { Id = otherRetired.Id }, cancellationToken: Cancel);

        // The deactivated expert takes no new teams; the team it coaches goes on and can be edited.
        var edited = await Manager.UpdateClimateTeamAsync(new UpdateClimateTeamRequest { Id = team.Id, ExpectedVersion = team.Version, Name = "Klimaatteam Oost-Utrecht", MemberContactIds = { member.Id }, CoachExpertId = coach.Id }, cancellationToken: Cancel);
        var otherDeactivated = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateClimateTeamAsync(new UpdateClimateTeamRequest { Id = team.Id, ExpectedVersion = edited.Version, Name = edited.Name, CoachExpertId = otherRetired.Id }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListClimateTeamsAsync(new ListClimateTeamsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel);

        Assert.Equal(("Klimaatteam Oost-Utrecht", coach.Id), (edited.Name, edited.CoachExpertId));
        Assert.Equal([member.Id], edited.MemberContactIds);
        Assert.Equal(StatusCode.FailedPrecondition, otherDeactivated.StatusCode);
        Assert.Equal(edited, listed.Teams.Single());
    }

    [Fact]
    public async Task A_team_update_retried_with_the_same_request_id_returns_the_first_result_and_updates_once()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var team = await Manager.FormClimateTeamAsync(new FormClimateTeamRequest { OrganizationId = organization.Id, Name = "Klimaatteam West" }, cancellationToken: Cancel);
        var update = new UpdateClimateTeamRequest { Id = team.Id, ExpectedVersion = team.Version, Name = "Klimaatteam Westkust", RequestId = Guid.NewGuid().ToString() };

        var updated = await Manager.UpdateClimateTeamAsync(update, cancellationToken: Cancel);
        var retried = await Manager.UpdateClimateTeamAsync(update, cancellationToken: Cancel);
        var listed = await Manager.ListClimateTeamsAsync(new ListClimateTeamsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel);
        update.RequestId = Guid.NewGuid().ToString();
        var otherRequest = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateClimateTeamAsync(update, cancellationToken: Cancel).ResponseAsync);
        update.RequestId = new string('r', 101);
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateClimateTeamAsync(update, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(2, updated.Version);
        Assert.Equal("Klimaatteam Westkust", updated.Name);
        Assert.Equal(updated, retried);
        Assert.Equal(updated, listed.Teams.Single());
        Assert.Equal(StatusCode.Aborted, otherRequest.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        Assert.Equal("request_id", tooLong.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }
}
