using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Partner.V1;
using Platform.Hosting.Testing;

namespace Platform.Partner.Tests;

/// <summary>Organizations and the pipeline, against the real service and its servers.</summary>
[Collection(PartnerServers.Name)]
public sealed class OrganizationTests(PartnerFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PartnerService.PartnerServiceClient Manager => fixture.Manager;

    internal static RegisterOrganizationRequest Municipality(string? name = null) => new()
    {
        Name = name ?? "Gemeente " + Guid.NewGuid().ToString("N")[..8],
        Sector = Sector.Government,
        Region = "Utrecht",
        EmployeeCount = 1200,
        Website = "https://www.example.nl",
    };

    [Fact]
    public async Task A_registered_organization_is_a_Lead_that_reads_back_and_announces_itself()
    {
        await using var events = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:OrganizationRegistered", Cancel);

        var registered = await Manager.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel);
        var read = await Manager.GetOrganizationAsync(new GetOrganizationRequest { Id = registered.Id }, cancellationToken: Cancel);
        var message = await events.NextAsync(m => m.Has("organizationId", registered.Id), Cancel);
        var bare = await Manager.RegisterOrganizationAsync(new RegisterOrganizationRequest { Name = "Bare " + Guid.NewGuid().ToString("N")[..8], Sector = Sector.Education }, cancellationToken: Cancel);
        var bareMessage = await events.NextAsync(m => m.Has("organizationId", bare.Id), Cancel);

        Assert.Equal(Stage.Lead, registered.Stage);
        Assert.Equal(registered, read);
        Assert.Equal(1, registered.Version);
        Assert.Equal(registered.Name, message.GetProperty("name").GetString());
        Assert.Equal("Government", message.GetProperty("sector").GetString());
        Assert.Equal("Lead", message.GetProperty("stage").GetString());
        Assert.Equal("Utrecht", message.GetProperty("region").GetString());
        Assert.Equal(1200, message.GetProperty("employeeCount").GetInt32());

        // Not given is null (or left out) in the event, as the contract says, not a count of 0.
        Assert.True(!bareMessage.TryGetProperty("employeeCount", out var count) || count.ValueKind == System.Text.Json.JsonValueKind.Null, $"employeeCount: {count}");
    }

    [Fact]
    public async Task The_same_name_in_the_same_region_is_AlreadyExists_and_elsewhere_is_fine()
    {
        var first = Municipality();
        await Manager.RegisterOrganizationAsync(first, cancellationToken: Cancel);

        var again = Municipality("  " + first.Name.ToUpperInvariant() + " ");
        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.RegisterOrganizationAsync(again, cancellationToken: Cancel).ResponseAsync);
        var elsewhere = Municipality(first.Name);
        elsewhere.Region = "Zeeland";
        var other = await Manager.RegisterOrganizationAsync(elsewhere, cancellationToken: Cancel);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains(first.Name, error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Zeeland", other.Region);
    }

    [Fact]
    public async Task Bad_input_is_InvalidArgument_naming_every_field_at_fault()
    {
        var request = new RegisterOrganizationRequest { Name = new string('x', 201), Sector = (Sector)42, EmployeeCount = -1, Website = "ftp://example.nl" };

        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.RegisterOrganizationAsync(request, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["name", "sector", "employee_count", "website"], fields);
    }

    [Fact]
    public async Task A_change_with_a_bad_id_and_bad_fields_names_them_all_at_once()
    {
        // The caller fixes everything in one round, not the id first and then the rest.
        var update = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateOrganizationAsync(new UpdateOrganizationRequest { Id = string.Empty, Name = string.Empty, Sector = Sector.Business }, cancellationToken: Cancel).ResponseAsync);
        var stage = await Assert.ThrowsAsync<RpcException>(() => Manager.ChangeStageAsync(new ChangeStageRequest { Id = "not-an-id" }, cancellationToken: Cancel).ResponseAsync);
        var contact = await Assert.ThrowsAsync<RpcException>(() => Manager.AddContactAsync(new AddContactRequest { OrganizationId = string.Empty, Email = "Jane <jane@example.org>" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(["id", "expected_version", "name"], update.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(["id", "to_stage"], stage.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(["organization_id", "name", "email"], contact.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task A_changed_organization_announces_its_new_details_and_an_update_that_changes_nothing_announces_nothing()
    {
        await using var events = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:OrganizationUpdated", Cancel);
        var organization = await Manager.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel);
        var renamed = "Hogeschool " + Guid.NewGuid().ToString("N")[..8];

        var before = DateTimeOffset.UtcNow;
        var updated = await Manager.UpdateOrganizationAsync(new UpdateOrganizationRequest { Id = organization.Id, ExpectedVersion = organization.Version, Name = renamed, Sector = Sector.Education, Region = "Gelderland" }, cancellationToken: Cancel);
        var after = DateTimeOffset.UtcNow;
        var unchanged = await Manager.UpdateOrganizationAsync(new UpdateOrganizationRequest { Id = organization.Id, ExpectedVersion = updated.Version, Name = "  " + renamed + " ", Sector = Sector.Education, Region = "Gelderland " }, cancellationToken: Cancel);
        var grown = await Manager.UpdateOrganizationAsync(new UpdateOrganizationRequest { Id = organization.Id, ExpectedVersion = unchanged.Version, Name = renamed, Sector = Sector.Education, Region = "Gelderland", EmployeeCount = 300, Website = "https://www.hogeschool.example" }, cancellationToken: Cancel);

        // One organization's events keep their order: had the unchanged update announced itself, it would come second.
        var first = await events.NextAsync(m => m.Has("organizationId", organization.Id), Cancel);
        var second = await events.NextAsync(m => m.Has("organizationId", organization.Id), Cancel);

        Assert.Equal((2L, 2L, 3L), (updated.Version, unchanged.Version, grown.Version));
        Assert.Equal(updated, unchanged);
        Assert.Equal(["eventId", "occurredAt", "organizationId", "name", "sector", "region", "employeeCount", "website"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal((renamed, "Education", "Gelderland"), (first.GetProperty("name").GetString(), first.GetProperty("sector").GetString(), first.GetProperty("region").GetString()));
        Assert.InRange(first.GetProperty("occurredAt").GetDateTimeOffset(), before.AddMilliseconds(-1), after);

        // Not given is null, as in OrganizationRegistered.
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("employeeCount").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("website").ValueKind);
        Assert.Equal((300, "https://www.hogeschool.example"), (second.GetProperty("employeeCount").GetInt32(), second.GetProperty("website").GetString()));
        Assert.True(second.GetProperty("occurredAt").GetDateTimeOffset() > first.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task An_update_without_the_version_it_read_is_InvalidArgument_naming_expected_version_and_changes_nothing(long expectedVersion)
    {
        // Versions start at 1: 0 is what a client sends that forgot the field, not a conflict to re-read and retry.
        var organization = await Manager.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel);
        var update = new UpdateOrganizationRequest { Id = organization.Id, ExpectedVersion = expectedVersion, Name = organization.Name, Sector = Sector.Education, Region = organization.Region };

        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateOrganizationAsync(update, cancellationToken: Cancel).ResponseAsync);
        var read = await Manager.GetOrganizationAsync(new GetOrganizationRequest { Id = organization.Id }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["expected_version"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(organization, read);
    }

    [Fact]
    public async Task A_retried_registration_with_the_same_request_id_returns_the_first_result_and_registers_once()
    {
        var request = Municipality();
        request.RequestId = Guid.NewGuid().ToString();

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Manager.RegisterOrganizationAsync(request, cancellationToken: Cancel).ResponseAsync));
        var listed = await Manager.ListOrganizationsAsync(new ListOrganizationsRequest { Text = request.Name }, cancellationToken: Cancel);

        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(listed.Organizations);
    }

    [Fact]
    public async Task The_pipeline_runs_Lead_to_Alumni_recording_who_when_why_and_keeping_the_join_date()
    {
        await using var changed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:PipelineStageChanged", Cancel);
        await using var joined = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:PartnerJoined", Cancel);
        await using var left = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:PartnerLeft", Cancel);
        var organization = await Manager.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel);

        foreach (var stage in new[] { Stage.Contacted, Stage.Proposal, Stage.Partner })
        {
            organization = await Manager.ChangeStageAsync(new ChangeStageRequest { Id = organization.Id, ToStage = stage, Reason = "step " + stage }, cancellationToken: Cancel);
        }

        var partnerSince = organization.PartnerSince;
        organization = await Manager.ChangeStageAsync(new ChangeStageRequest { Id = organization.Id, ToStage = Stage.Alumni, Reason = "programme finished" }, cancellationToken: Cancel);
        var history = await Manager.GetStageHistoryAsync(new GetStageHistoryRequest { Id = organization.Id }, cancellationToken: Cancel);
        var joinedEvent = await joined.NextAsync(m => m.Has("organizationId", organization.Id), Cancel);
        var leftEvent = await left.NextAsync(m => m.Has("organizationId", organization.Id), Cancel);
        var changes = new List<System.Text.Json.JsonElement>();
        foreach (var _ in history.Changes)
        {
            changes.Add(await changed.NextAsync(m => m.Has("organizationId", organization.Id), Cancel));
        }

        Assert.Equal(Stage.Alumni, organization.Stage);
        Assert.NotNull(partnerSince);
        Assert.Equal(partnerSince, organization.PartnerSince);
        Assert.Equal([Stage.Contacted, Stage.Proposal, Stage.Partner, Stage.Alumni], history.Changes.Select(c => c.ToStage));
        Assert.Equal([Stage.Lead, Stage.Contacted, Stage.Proposal, Stage.Partner], history.Changes.Select(c => c.FromStage));
        Assert.All(history.Changes, c => Assert.Equal("community-manager", c.ChangedBy));
        Assert.Equal("programme finished", history.Changes[^1].Reason);
        Assert.Equal("Proposal", joinedEvent.GetProperty("previousStage").GetString());
        Assert.Equal("Alumni", leftEvent.GetProperty("toStage").GetString());
        Assert.Equal(partnerSince.ToDateTimeOffset(), leftEvent.GetProperty("joinedAt").GetDateTimeOffset());
        Assert.Equal(["Lead", "Contacted", "Proposal", "Partner"], changes.Select(e => e.GetProperty("fromStage").GetString()));
        Assert.Equal(["Contacted", "Proposal", "Partner", "Alumni"], changes.Select(e => e.GetProperty("toStage").GetString()));
        Assert.Equal(["step Contacted", "step Proposal", "step Partner", "programme finished"], changes.Select(e => e.GetProperty("reason").GetString()));
        Assert.Equal(history.Changes.Select(c => c.ChangedAt.ToDateTimeOffset()), changes.Select(e => e.GetProperty("occurredAt").GetDateTimeOffset()));
        Assert.All(changes, e => Assert.Equal(organization.Name, e.GetProperty("organizationName").GetString()));
        Assert.All(changes, e => Assert.Equal("Government", e.GetProperty("sector").GetString()));
        Assert.Equal(4, changes.Select(e => e.GetProperty("eventId").GetGuid()).Distinct().Count());
    }

    [Theory]
    [InlineData(Stage.Partner)]
    [InlineData(Stage.Alumni)]
    [InlineData(Stage.Lead)]
    public async Task An_illegal_move_from_Lead_is_FailedPrecondition_naming_the_legal_ones(Stage target)
    {
        var organization = await Manager.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel);

        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.ChangeStageAsync(new ChangeStageRequest { Id = organization.Id, ToStage = target }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("it can move to Contacted or Lost", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await Manager.GetStageHistoryAsync(new GetStageHistoryRequest { Id = organization.Id }, cancellationToken: Cancel)).Changes);
    }

    [Fact]
    public async Task A_Partner_cannot_be_Lost_and_Lost_needs_a_reason()
    {
        var lead = await Manager.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel);
        var partner = await Manager.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel);
        foreach (var stage in new[] { Stage.Contacted, Stage.Proposal, Stage.Partner })
        {
            await Manager.ChangeStageAsync(new ChangeStageRequest { Id = partner.Id, ToStage = stage }, cancellationToken: Cancel);
        }

        var noReason = await Assert.ThrowsAsync<RpcException>(() => Manager.ChangeStageAsync(new ChangeStageRequest { Id = lead.Id, ToStage = Stage.Lost }, cancellationToken: Cancel).ResponseAsync);
        var partnerLost = await Assert.ThrowsAsync<RpcException>(() => Manager.ChangeStageAsync(new ChangeStageRequest { Id = partner.Id, ToStage = Stage.Lost, Reason = "gone" }, cancellationToken: Cancel).ResponseAsync);
        var lost = await Manager.ChangeStageAsync(new ChangeStageRequest { Id = lead.Id, ToStage = Stage.Lost, Reason = "no budget this year" }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, partnerLost.StatusCode);
        Assert.Equal(Stage.Lost, lost.Stage);
    }

    [Fact]
    public async Task An_update_from_a_stale_version_is_Aborted_and_a_fresh_one_is_read_back_at_once()
    {
        var organization = await Manager.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel);
        await Manager.GetOrganizationAsync(new GetOrganizationRequest { Id = organization.Id }, cancellationToken: Cancel);
        var update = new UpdateOrganizationRequest { Id = organization.Id, ExpectedVersion = organization.Version, Name = organization.Name, Sector = Sector.Government, Region = "Utrecht", EmployeeCount = 1500, Website = organization.Website };

        var updated = await Manager.UpdateOrganizationAsync(update, cancellationToken: Cancel);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateOrganizationAsync(update, cancellationToken: Cancel).ResponseAsync);
        var read = await Manager.GetOrganizationAsync(new GetOrganizationRequest { Id = organization.Id }, cancellationToken: Cancel);

        Assert.Equal(2, updated.Version);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(1500, read.EmployeeCount);
        Assert.Equal(updated, read);
    }

    [Fact]
    public async Task An_update_retried_with_the_same_request_id_returns_the_first_result_and_updates_once()
    {
        var organization = await Manager.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel);
        var get = new GetOrganizationRequest { Id = organization.Id };
        await Manager.GetOrganizationAsync(get, cancellationToken: Cancel);
        var update = new UpdateOrganizationRequest { Id = organization.Id, ExpectedVersion = organization.Version, Name = organization.Name, Sector = Sector.Government, Region = "Utrecht", EmployeeCount = 1500, Website = organization.Website, RequestId = Guid.NewGuid().ToString() };

        var updated = await Manager.UpdateOrganizationAsync(update, cancellationToken: Cancel);
        var retried = await Manager.UpdateOrganizationAsync(update, cancellationToken: Cancel);
        var read = await Manager.GetOrganizationAsync(get, cancellationToken: Cancel);
        update.RequestId = Guid.NewGuid().ToString();
        var otherRequest = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateOrganizationAsync(update, cancellationToken: Cancel).ResponseAsync);
        update.RequestId = new string('r', 101);
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => Manager.UpdateOrganizationAsync(update, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(2, updated.Version);
        Assert.Equal(updated, retried);
        Assert.Equal(updated, read);
        Assert.Equal(1500, read.EmployeeCount);
        Assert.Equal(StatusCode.Aborted, otherRequest.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        Assert.Equal("request_id", tooLong.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    [Fact]
    public async Task The_list_filters_by_stage_sector_and_text_and_pages_without_gaps_or_repeats()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var names = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var request = Municipality($"Hogeschool {tag} {i}");
            request.Sector = i % 2 == 0 ? Sector.Education : Sector.Business;
            names.Add((await Manager.RegisterOrganizationAsync(request, cancellationToken: Cancel)).Name);
        }

        var seen = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await Manager.ListOrganizationsAsync(new ListOrganizationsRequest { Text = tag.ToUpperInvariant(), PageSize = 3, PageToken = token }, cancellationToken: Cancel);
            seen.AddRange(page.Organizations.Select(o => o.Name));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        var education = await Manager.ListOrganizationsAsync(new ListOrganizationsRequest { Text = tag, Sector = Sector.Education, Stage = Stage.Lead }, cancellationToken: Cancel);

        Assert.Equal(Enumerable.Reverse(names), seen);
        Assert.Equal(4, education.Organizations.Count);
    }

    [Fact]
    public async Task Bad_list_requests_and_unknown_ids_get_clear_errors()
    {
        var tooBig = await Assert.ThrowsAsync<RpcException>(() => Manager.ListOrganizationsAsync(new ListOrganizationsRequest { PageSize = 501 }, cancellationToken: Cancel).ResponseAsync);
        var badToken = await Assert.ThrowsAsync<RpcException>(() => Manager.ListOrganizationsAsync(new ListOrganizationsRequest { PageToken = "not-a-token" }, cancellationToken: Cancel).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Manager.GetOrganizationAsync(new GetOrganizationRequest { Id = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => Manager.GetOrganizationAsync(new GetOrganizationRequest { Id = "42" }, cancellationToken: Cancel).ResponseAsync);
        var reader = fixture.Client(fixture.App.Tokens.Create("reader", ["partner.read"], TimeSpan.FromMinutes(5)));
        var denied = await Assert.ThrowsAsync<RpcException>(() => reader.RegisterOrganizationAsync(Municipality(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, tooBig.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badToken.StatusCode);
        Assert.Equal("page_token", badToken.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations[0].Field);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }
}
