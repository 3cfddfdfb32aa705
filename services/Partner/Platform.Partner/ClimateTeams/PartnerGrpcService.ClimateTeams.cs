using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Partner.ClimateTeams;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner;

/// <summary>Climate teams of organizations: members from its contacts, an Expert as coach.</summary>
public sealed partial class PartnerGrpcService
{
    private const int TeamNameLimit = 200;

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.ClimateTeam> FormClimateTeam(Proto.FormClimateTeamRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var organizationId = Fields.RequiredId(validation, "organization_id", request.OrganizationId);
        var details = TeamDetails(validation, request.Name, request.MemberContactIds, request.CoachExpertId);
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(FormClimateTeam), async cancellationToken =>
        {
            await LoadOrganizationAsync(organizationId!.Value, cancellationToken);
            await CheckTeamAsync(organizationId.Value, details, currentCoachId: null, cancellationToken);
            var team = ClimateTeam.Form(organizationId.Value, details, calendar.Now());
            Db.ClimateTeams.Add(team);
            await SaveTeamAsync(team, cancellationToken);
            return ToProto(team);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.ClimateTeam> UpdateClimateTeam(Proto.UpdateClimateTeamRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        validation.ExpectedVersion("expected_version", request.ExpectedVersion);
        var details = TeamDetails(validation, request.Name, request.MemberContactIds, request.CoachExpertId);
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(UpdateClimateTeam), async cancellationToken =>
        {
            var team = await Db.ClimateTeams.SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
                ?? throw new NotFoundException("Climate team", request.Id);
            ConcurrencyConflictException.ThrowIfVersionDiffers("Climate team", request.Id, team.Version, request.ExpectedVersion);

            await CheckTeamAsync(team.OrganizationId, details, team.CoachExpertId, cancellationToken);
            // Unchanged details are no change: no new version, so another editor's copy stays current.
            if (team.Update(details))
            {
                await SaveTeamAsync(team, cancellationToken);
            }

            return ToProto(team);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.ListClimateTeamsResponse> ListClimateTeams(Proto.ListClimateTeamsRequest request, ServerCallContext context)
    {
        var organizationId = Fields.Id("organization_id", request.OrganizationId);
        await LoadOrganizationAsync(organizationId, context.CancellationToken);
        var teams = await Db.ClimateTeams.AsNoTracking().Where(t => t.OrganizationId == organizationId).OrderBy(t => t.NameKey).ToListAsync(context.CancellationToken);
        var response = new Proto.ListClimateTeamsResponse();
        response.Teams.AddRange(teams.Select(ToProto));
        return response;
    }

    /// <summary>Validates the team's fields in form, throwing every violation at once.</summary>
    private static ClimateTeamDetails TeamDetails(Validation validation, string name, RepeatedField<string> memberIds, string coachId)
    {
        validation.Required("name", name).MaxLength("name", name, TeamNameLimit);
        var members = Fields.DistinctIds(validation, "member_contact_ids", memberIds, ClimateTeam.MemberLimit, "contacts");
        var coach = Fields.OptionalId(validation, "coach_expert_id", coachId);
        validation.ThrowIfInvalid();
        return new ClimateTeamDetails(name, members, coach);
    }

    /// <summary>
    /// Members must be the organization's contacts; a new coach must be an active expert. The coach a
    /// team already has stays whether active or not: a deactivated expert takes no new teams, but the
    /// team it coaches goes on and can still be edited.
    /// </summary>
    private async Task CheckTeamAsync(Guid organizationId, ClimateTeamDetails details, Guid? currentCoachId, CancellationToken cancellationToken)
    {
        var known = await Db.Contacts.Where(c => details.MemberContactIds.Contains(c.Id)).Select(c => new { c.Id, c.OrganizationId }).ToListAsync(cancellationToken);
        var validation = new Validation();
        foreach (var member in details.MemberContactIds)
        {
            var contact = known.Find(c => c.Id == member);
            if (contact is null || contact.OrganizationId != organizationId)
            {
                validation.Add("member_contact_ids", $"'{member}' is not a contact of this organization");
            }
        }

        validation.ThrowIfInvalid();
        if (details.CoachExpertId is { } coachId && coachId != currentCoachId)
        {
            // Share-locked until the transaction ends: a deactivation at the same moment waits for
            // this team, or this team sees the expert deactivated.
            var coach = await Db.Experts.FromSql($"SELECT * FROM experts WHERE \"Id\" = {coachId} FOR SHARE").SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Expert", coachId.ToString());
            if (!coach.Active)
            {
                throw new FailedPreconditionException($"Expert '{coach.Name}' is deactivated and cannot coach a team.");
            }
        }
    }

    private Task SaveTeamAsync(ClimateTeam team, CancellationToken cancellationToken) => Db.SaveOrRejectAsync(
        $"The organization already has a climate team named '{team.Name}'.",
        $"Climate team '{team.Id}' was changed at the same time by another request: read it again and retry.",
        cancellationToken);

    private static Proto.ClimateTeam ToProto(ClimateTeam team)
    {
        var message = new Proto.ClimateTeam
        {
            Id = team.Id.ToString(),
            OrganizationId = team.OrganizationId.ToString(),
            Name = team.Name,
            CoachExpertId = Fields.Format(team.CoachExpertId),
            FormedAt = Timestamp.FromDateTimeOffset(team.FormedAt),
            Version = team.Version,
        };
        message.MemberContactIds.AddRange(team.MemberContactIds.Select(m => m.ToString()));
        return message;
    }
}
