using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Npgsql;
using Platform.Contracts.Events;
using Platform.Contracts.Partner.V1;
using Platform.Hosting.Testing;

namespace Platform.Partner.Tests;

/// <summary>Engagements of experts with partners: capacity, hours, completion and their events.</summary>
[Collection(PartnerServers.Name)]
public sealed class EngagementTests(PartnerFixture fixture)
{
    // As the outbox writes an event's body: the contract's camelCase.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PartnerService.PartnerServiceClient Manager => fixture.Manager;

    private Task<Engagement> EngageAsync(Expert expert, Organization partner, double hours, int months = 1, string? requestId = null, string startsOn = "") =>
        Manager.EngageExpertAsync(new EngageExpertRequest
        {
            RequestId = requestId ?? string.Empty,
            StartsOn = startsOn,
            ExpertId = expert.Id,
            OrganizationId = partner.Id,
            Scope = "Coach the climate team through the Action phase",
            PlannedHours = hours,
            Months = months,
        }, cancellationToken: Cancel).ResponseAsync;

    [Fact]
    public async Task Planning_beyond_the_experts_monthly_capacity_is_FailedPrecondition_and_completion_frees_it()
    {
        var expert = await fixture.RegisterExpertAsync(monthlyCapacityHours: 16);
        var partner = await fixture.RegisterPartnerAsync();

        var first = await EngageAsync(expert, partner, 10);
        var tooMuch = await Assert.ThrowsAsync<RpcException>(() => EngageAsync(expert, partner, 10));
        var spread = await EngageAsync(expert, partner, 12, months: 2);
        var full = await Manager.FindExpertsAsync(new FindExpertsRequest { Theme = Theme.Mobility, Language = "nl", PageSize = 500 }, cancellationToken: Cancel);
        await Manager.CompleteEngagementAsync(new CompleteEngagementRequest { Id = first.Id }, cancellationToken: Cancel);
        var afterCompletion = await EngageAsync(expert, partner, 10);

        Assert.Equal(StatusCode.FailedPrecondition, tooMuch.StatusCode);
        Assert.Contains("6 of 16 coaching hours a month left", tooMuch.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, spread.Months);
        Assert.EndsWith("-01", spread.StartsOn, StringComparison.Ordinal);
        Assert.DoesNotContain(full.Matches, m => m.Expert.Id == expert.Id);
        Assert.Equal(EngagementStatus.Active, afterCompletion.Status);
    }

    [Fact]
    public async Task Logged_hours_add_up_as_written_without_binary_fractions()
    {
        await using var completed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:EngagementCompleted", Cancel);
        var engagement = await EngageAsync(await fixture.RegisterExpertAsync(), await fixture.RegisterPartnerAsync(), 8);

        // 1.1 + 2.2 in binary floating point is 3.3000000000000003.
        await Manager.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = 1.1 }, cancellationToken: Cancel);
        var logged = await Manager.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = 2.2 }, cancellationToken: Cancel);
        await Manager.CompleteEngagementAsync(new CompleteEngagementRequest { Id = engagement.Id }, cancellationToken: Cancel);
        var announced = await completed.NextAsync(m => m.Has("engagementId", engagement.Id), Cancel);

        Assert.Equal(3.3, logged.LoggedHours);
        Assert.Equal("3.3", announced.GetProperty("loggedHours").GetRawText());
    }

    [Fact]
    public async Task Hours_with_more_than_4_decimals_are_refused_as_the_total_keeps_only_4()
    {
        var engagement = await EngageAsync(await fixture.RegisterExpertAsync(), await fixture.RegisterPartnerAsync(), 8);

        // Rounded into the total, 0.00004 h would be accepted and never show.
        var tooFine = await Assert.ThrowsAsync<RpcException>(() => Manager.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = 0.00004 }, cancellationToken: Cancel).ResponseAsync);
        var alsoTooFine = await Assert.ThrowsAsync<RpcException>(() => Manager.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = 1.23456 }, cancellationToken: Cancel).ResponseAsync);
        // Too small for a decimal to hold: it converts to 0.
        var tiny = await Assert.ThrowsAsync<RpcException>(() => Manager.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = 1e-30 }, cancellationToken: Cancel).ResponseAsync);
        var fine = await Manager.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = 1.2345 }, cancellationToken: Cancel);
        var listed = await Manager.ListEngagementsAsync(new ListEngagementsRequest { OrganizationId = engagement.OrganizationId }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, tooFine.StatusCode);
        var violation = tooFine.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single();
        Assert.Equal("hours", violation.Field);
        Assert.Contains("4 decimals", violation.Description, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, alsoTooFine.StatusCode);
        Assert.Equal("hours", tiny.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(1.2345, fine.LoggedHours);
        Assert.Equal(1.2345, listed.Engagements.Single().LoggedHours);
    }

    [Fact]
    public async Task Hours_are_logged_until_completion_which_announces_planned_and_logged_hours()
    {
        await using var engaged = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ExpertEngaged", Cancel);
        await using var completed = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:EngagementCompleted", Cancel);
        var expert = await fixture.RegisterExpertAsync();
        var partner = await fixture.RegisterPartnerAsync();
        var experienceId = Guid.NewGuid().ToString();
        var engagement = await Manager.EngageExpertAsync(new EngageExpertRequest { ExpertId = expert.Id, OrganizationId = partner.Id, ExperienceId = experienceId, Scope = "Follow-up of the screening", PlannedHours = 8 }, cancellationToken: Cancel);

        await Manager.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = 3.5, Note = "Workshop 1" }, cancellationToken: Cancel);
        await Manager.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = 2, WorkedOn = "2026-01-15" }, cancellationToken: Cancel);
        var done = await Manager.CompleteEngagementAsync(new CompleteEngagementRequest { Id = engagement.Id }, cancellationToken: Cancel);
        var lateHours = await Assert.ThrowsAsync<RpcException>(() => Manager.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = 1 }, cancellationToken: Cancel).ResponseAsync);
        var twice = await Assert.ThrowsAsync<RpcException>(() => Manager.CompleteEngagementAsync(new CompleteEngagementRequest { Id = engagement.Id }, cancellationToken: Cancel).ResponseAsync);
        var engagedEvent = await engaged.NextAsync(m => m.Has("engagementId", engagement.Id), Cancel);
        var completedEvent = await completed.NextAsync(m => m.Has("engagementId", engagement.Id), Cancel);
        var listed = await Manager.ListEngagementsAsync(new ListEngagementsRequest { ExpertId = expert.Id, Status = EngagementStatus.Completed }, cancellationToken: Cancel);

        Assert.Equal(5.5, done.LoggedHours);
        Assert.Equal(EngagementStatus.Completed, done.Status);
        Assert.NotNull(done.CompletedAt);
        Assert.Equal(StatusCode.FailedPrecondition, lateHours.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Equal(done, listed.Engagements.Single());
        Assert.Equal(expert.Id, engagedEvent.GetProperty("expertId").GetString());
        Assert.Equal(partner.Id, engagedEvent.GetProperty("organizationId").GetString());
        Assert.Equal(experienceId, engagedEvent.GetProperty("experienceId").GetString());
        Assert.Equal("Follow-up of the screening", engagedEvent.GetProperty("scope").GetString());
        Assert.Equal(8, engagedEvent.GetProperty("plannedHours").GetDouble());
        Assert.Equal(8, completedEvent.GetProperty("plannedHours").GetDouble());
        Assert.Equal(5.5, completedEvent.GetProperty("loggedHours").GetDouble());
        Assert.Equal(experienceId, completedEvent.GetProperty("experienceId").GetString());
    }

    [Fact]
    public async Task Parallel_plans_never_overbook_an_expert()
    {
        var expert = await fixture.RegisterExpertAsync(monthlyCapacityHours: 8);
        var partner = await fixture.RegisterPartnerAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            try
            {
                await EngageAsync(expert, partner, 3);
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));
        var active = await Manager.ListEngagementsAsync(new ListEngagementsRequest { ExpertId = expert.Id }, cancellationToken: Cancel);

        Assert.Equal(2, outcomes.Count(o => o == StatusCode.OK));
        Assert.Equal(4, outcomes.Count(o => o == StatusCode.FailedPrecondition));
        Assert.Equal(2, active.Engagements.Count);
    }

    [Fact]
    public async Task A_Partner_moving_to_Alumni_while_an_engagement_is_planned_gets_no_engagement()
    {
        var expert = await fixture.RegisterExpertAsync();
        var partner = await fixture.RegisterPartnerAsync();
        await using var connection = new NpgsqlConnection(fixture.Database);
        await connection.OpenAsync(Cancel);
        await using var move = await connection.BeginTransactionAsync(Cancel);

        // A ChangeStage to Alumni caught between its update and its commit, as PostgreSQL sees it.
        Assert.Equal(1, await ExecuteAsync(connection, move, "UPDATE organizations SET \"Stage\" = 'Alumni', \"Version\" = \"Version\" + 1 WHERE \"Id\" = $1", Guid.Parse(partner.Id)));

        var engaging = EngageAsync(expert, partner, 2);
        await Task.Delay(200, Cancel);
        await move.CommitAsync(Cancel);
        var error = await Assert.ThrowsAsync<RpcException>(() => engaging);
        var listed = await Manager.ListEngagementsAsync(new ListEngagementsRequest { OrganizationId = partner.Id }, cancellationToken: Cancel);

        // Engaged anyway, the engagement's ExpertEngaged would go out after the PartnerLeft: coaching a former partner.
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("stage Alumni", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(listed.Engagements);
    }

    [Fact]
    public async Task A_completion_waits_for_a_change_of_its_expert_under_way_so_the_experts_events_go_out_in_the_order_they_happened()
    {
        await using var wire = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:IIntegrationEvent", Cancel);
        var expert = await fixture.RegisterExpertAsync();
        var partner = await fixture.RegisterPartnerAsync();
        var engagement = await EngageAsync(expert, partner, 2);
        await using var connection = new NpgsqlConnection(fixture.Database);
        await connection.OpenAsync(Cancel);
        await using var planning = await connection.BeginTransactionAsync(Cancel);

        // An EngageExpert of this expert, played in SQL so it can be held: it has locked the expert's
        // row and stamped its event, and writes the event to the outbox only after the completion was asked for.
        await ExecuteAsync(connection, planning, "SELECT 1 FROM experts WHERE \"Id\" = $1 FOR UPDATE", Guid.Parse(expert.Id));
        var second = new ExpertEngaged { EventId = Guid.CreateVersion7(), OccurredAt = DateTimeOffset.UtcNow, EngagementId = Guid.CreateVersion7(), ExpertId = Guid.Parse(expert.Id), OrganizationId = Guid.Parse(partner.Id), Scope = "A second engagement", PlannedHours = 2 };
        var completing = Manager.CompleteEngagementAsync(new CompleteEngagementRequest { Id = engagement.Id }, cancellationToken: Cancel).ResponseAsync;
        await Task.WhenAny(completing, Task.Delay(TimeSpan.FromSeconds(1), Cancel));
        await ExecuteAsync(connection, planning, "INSERT INTO outbox_messages (message_id, aggregate_id, message_type, body) VALUES ($1, $2, $3, $4)",
            second.EventId, expert.Id, typeof(ExpertEngaged).FullName + ", Platform.Contracts", JsonSerializer.Serialize(second, Web));
        await planning.CommitAsync(Cancel);
        var completed = await completing;

        // Every event passes this queue; the two watched ones are the second engagement's and the completion.
        static string? EngagementOf(JsonElement m) => m.TryGetProperty("engagementId", out var id) ? id.GetString() : null;
        bool Watched(JsonElement m) => EngagementOf(m) == second.EngagementId.ToString() || (EngagementOf(m) == engagement.Id && m.TryGetProperty("loggedHours", out _));
        var first = await wire.NextAsync(Watched, Cancel);
        var then = await wire.NextAsync(Watched, Cancel);

        // One expert's events reach subscribers in the order they happened: the engagement planned first, then the completion.
        Assert.Equal(second.EventId.ToString(), first.GetProperty("eventId").GetString());
        Assert.Equal(engagement.Id, then.GetProperty("engagementId").GetString());
        Assert.True(completed.CompletedAt.ToDateTimeOffset() > second.OccurredAt, $"completed at {completed.CompletedAt}, the other change happened at {second.OccurredAt:O}");
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new() { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync(Cancel);
    }

    [Fact]
    public async Task Only_an_active_expert_and_a_Partner_can_be_engaged_and_a_retry_engages_once()
    {
        var expert = await fixture.RegisterExpertAsync();
        var partner = await fixture.RegisterPartnerAsync();
        var lead = await Manager.RegisterOrganizationAsync(new RegisterOrganizationRequest { Name = "Lead " + Guid.NewGuid().ToString("N")[..8], Sector = Sector.Business }, cancellationToken: Cancel);
        var retired = await fixture.RegisterExpertAsync();
        await Manager.DeactivateExpertAsync(new DeactivateExpertRequest { Id = retired.Id }, cancellationToken: Cancel);
        var requestId = Guid.NewGuid().ToString();

        var withLead = await Assert.ThrowsAsync<RpcException>(() => EngageAsync(expert, lead, 2));
        var withRetired = await Assert.ThrowsAsync<RpcException>(() => EngageAsync(retired, partner, 2));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => EngageAsync(new Expert { Id = Guid.NewGuid().ToString() }, partner, 2));
        var retried = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => EngageAsync(expert, partner, 2, requestId: requestId)));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Manager.EngageExpertAsync(new EngageExpertRequest { ExpertId = "x", PlannedHours = -1, Months = 30, StartsOn = "2026-13-01" }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListEngagementsAsync(new ListEngagementsRequest { OrganizationId = partner.Id }, cancellationToken: Cancel);
        var lastMonth = await EngageAsync(expert, partner, 2, startsOn: "9999-12-01");
        var pastTheCalendar = await Assert.ThrowsAsync<RpcException>(() => EngageAsync(expert, partner, 2, months: 2, startsOn: "9999-12-01"));

        Assert.Equal(StatusCode.FailedPrecondition, withLead.StatusCode);
        Assert.Contains("stage Lead", withLead.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, withRetired.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Single(retried.Select(r => r.Id).Distinct());
        Assert.Single(listed.Engagements);
        Assert.Equal(
            ["scope", "expert_id", "organization_id", "starts_on", "planned_hours", "months"],
            invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(("9999-12-01", 1), (lastMonth.StartsOn, lastMonth.Months));
        Assert.Equal("starts_on", pastTheCalendar.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }
}
