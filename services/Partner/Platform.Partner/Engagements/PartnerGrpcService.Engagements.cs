using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Partner.Engagements;
using Platform.Partner.Organizations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner;

/// <summary>Engagements of Experts with Partners: planned within capacity, hours logged, completed.</summary>
public sealed partial class PartnerGrpcService
{
    private const int ScopeLimit = 1000;
    private const int NoteLimit = 1000;
    private const double PlannedHoursLimit = 2000;
    private const double HoursPerEntryLimit = 24;
    private const int MonthsLimit = 24;

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Engagement> EngageExpert(Proto.EngageExpertRequest request, ServerCallContext context)
    {
        var validation = new Validation()
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("scope", request.Scope).MaxLength("scope", request.Scope, ScopeLimit);
        var expertId = Fields.RequiredId(validation, "expert_id", request.ExpertId);
        var organizationId = Fields.RequiredId(validation, "organization_id", request.OrganizationId);
        var experienceId = Fields.OptionalId(validation, "experience_id", request.ExperienceId);
        var startsOn = Fields.OptionalDate(validation, "starts_on", request.StartsOn);
        if (!double.IsFinite(request.PlannedHours) || request.PlannedHours <= 0 || request.PlannedHours > PlannedHoursLimit)
        {
            validation.Add("planned_hours", $"must be more than 0 and at most {PlannedHoursLimit}");
        }

        if (request.Months is < 0 or > MonthsLimit)
        {
            validation.Add("months", $"must be between 1 and {MonthsLimit} (0 means 1)");
        }
        else if (startsOn is { } start && (DateOnly.MaxValue.Year - start.Year) * 12 + (12 - start.Month) < Math.Max(request.Months, 1) - 1)
        {
            // The plan's last month must be a month of the calendar (at most December 9999).
            validation.Add("starts_on", $"leaves fewer than {Math.Max(request.Months, 1)} months before the calendar ends");
        }

        validation.ThrowIfInvalid();
        var plan = new EngagementPlan(experienceId, request.Scope, request.PlannedHours, startsOn ?? calendar.Today(), Math.Max(request.Months, 1));
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(EngageExpert), async cancellationToken =>
        {
            var expert = await LockExpertAsync(expertId!.Value, cancellationToken);
            // Share-locked: a move to Alumni committing meanwhile would leave an active engagement with a former Partner.
            var organization = await ShareLockOrganizationAsync(organizationId!.Value, cancellationToken);
            if (!expert.Active)
            {
                throw new FailedPreconditionException($"Expert '{expert.Name}' is deactivated and takes no new engagements.");
            }

            if (organization.Stage != Stage.Partner)
            {
                throw new FailedPreconditionException($"'{organization.Name}' is at stage {organization.Stage}; an expert is engaged with a Partner only.");
            }

            var engagement = Engagement.Plan(expert.Id, organization.Id, plan, calendar.Now());
            var active = await Db.Engagements.Where(e => e.ExpertId == expert.Id && e.Status == EngagementStatus.Active).ToListAsync(cancellationToken);
            if (Capacity.FirstShortfall(expert.MonthlyCapacityHours, active, engagement) is { } shortfall)
            {
                throw new FailedPreconditionException(string.Create(CultureInfo.InvariantCulture,
                    $"Expert '{expert.Name}' has {shortfall.HoursLeft:0.##} of {expert.MonthlyCapacityHours:0.##} coaching hours a month left in {shortfall.Month:yyyy-MM}; this plan needs {engagement.MonthlyLoad:0.##} a month. Plan fewer hours, spread them over more months or choose another expert."));
            }

            Db.Engagements.Add(engagement);
            Db.AddEvent(new ExpertEngaged
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = engagement.EngagedAt,
                EngagementId = engagement.Id,
                ExpertId = engagement.ExpertId,
                OrganizationId = engagement.OrganizationId,
                ExperienceId = engagement.ExperienceId,
                Scope = engagement.Scope,
                PlannedHours = engagement.PlannedHours,
            }, engagement.ExpertId);
            await Db.SaveChangesAsync(cancellationToken);
            return ToProto(engagement);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Engagement> LogHours(Proto.LogHoursRequest request, ServerCallContext context)
    {
        var validation = new Validation()
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .MaxLength("note", request.Note, NoteLimit);
        var id = Fields.RequiredId(validation, "engagement_id", request.EngagementId);
        var workedOn = Fields.OptionalDate(validation, "worked_on", request.WorkedOn);
        if (!double.IsFinite(request.Hours) || request.Hours <= 0 || request.Hours > HoursPerEntryLimit)
        {
            validation.Add("hours", $"must be more than 0 and at most {HoursPerEntryLimit}");
        }
        else if (Engagement.HasFinerHoursThanKept(request.Hours))
        {
            validation.Add("hours", $"must have at most {Engagement.HoursDecimals} decimals, as the engagement's total keeps");
        }

        var today = calendar.Today();
        if (workedOn > today)
        {
            validation.Add("worked_on", "must not be in the future");
        }

        validation.ThrowIfInvalid();
        var caller = context.Caller();
        return await Requests.RunOnceAsync(caller, request.RequestId, nameof(LogHours), async cancellationToken =>
        {
            var engagement = await LockEngagementAsync(id!.Value, cancellationToken);
            if (engagement.Status != EngagementStatus.Active)
            {
                throw new FailedPreconditionException($"Engagement '{engagement.Id}' was completed on {engagement.CompletedAt:yyyy-MM-dd}; hours are logged on active engagements only.");
            }

            engagement.Log(request.Hours);
            Db.HourEntries.Add(new HourEntry { EngagementId = engagement.Id, Hours = request.Hours, WorkedOn = workedOn ?? today, Note = Fields.NullIfEmpty(request.Note), LoggedBy = caller, LoggedAt = calendar.Now() });
            await Db.SaveChangesAsync(cancellationToken);
            return ToProto(engagement);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Engagement> CompleteEngagement(Proto.CompleteEngagementRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var id = Fields.RequiredId(validation, "id", request.Id).GetValueOrDefault();
        validation.MaxLength("request_id", request.RequestId, Fields.RequestIdLimit).ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(CompleteEngagement), async cancellationToken =>
        {
            var engagement = await LockEngagementAndExpertAsync(id, cancellationToken);
            if (engagement.Status != EngagementStatus.Active)
            {
                throw new FailedPreconditionException($"Engagement '{engagement.Id}' was already completed on {engagement.CompletedAt:yyyy-MM-dd}.");
            }

            engagement.Complete(calendar.Now());
            Db.AddEvent(new EngagementCompleted
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = engagement.CompletedAt!.Value,
                EngagementId = engagement.Id,
                ExpertId = engagement.ExpertId,
                OrganizationId = engagement.OrganizationId,
                ExperienceId = engagement.ExperienceId,
                PlannedHours = engagement.PlannedHours,
                LoggedHours = engagement.LoggedHours,
            }, engagement.ExpertId);
            await Db.SaveChangesAsync(cancellationToken);
            return ToProto(engagement);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.ListEngagementsResponse> ListEngagements(Proto.ListEngagementsRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var expertId = Fields.OptionalId(validation, "expert_id", request.ExpertId);
        var organizationId = Fields.OptionalId(validation, "organization_id", request.OrganizationId);
        if (string.IsNullOrEmpty(request.ExpertId) == string.IsNullOrEmpty(request.OrganizationId))
        {
            validation.Add("expert_id", "give either expert_id or organization_id");
        }

        if (request.Status is not (Proto.EngagementStatus.Unspecified or Proto.EngagementStatus.Active or Proto.EngagementStatus.Completed))
        {
            validation.Add("status", "is not a known status");
        }

        EngagementStatus? status = request.Status switch
        {
            Proto.EngagementStatus.Active => EngagementStatus.Active,
            Proto.EngagementStatus.Completed => EngagementStatus.Completed,
            _ => null,
        };
        validation.ThrowIfInvalid();
        var query = Db.Engagements.AsNoTracking();
        if (expertId is { } expert)
        {
            await LoadExpertAsync(expert, context.CancellationToken);
            query = query.Where(e => e.ExpertId == expert);
        }
        else
        {
            await LoadOrganizationAsync(organizationId!.Value, context.CancellationToken);
            query = query.Where(e => e.OrganizationId == organizationId);
        }

        if (status is { } s)
        {
            query = query.Where(e => e.Status == s);
        }

        var response = new Proto.ListEngagementsResponse();
        response.Engagements.AddRange((await query.OrderByDescending(e => e.Id).ToListAsync(context.CancellationToken)).Select(ToProto));
        return response;
    }

    /// <summary>
    /// The engagement with its expert's row, both locked until the transaction ends, for a change
    /// whose event is the expert's (keyed to the expert in the outbox): the expert's changes then
    /// commit one after the other, in the order of their outbox rows, as EngageExpert's do.
    /// </summary>
    private async Task<Engagement> LockEngagementAndExpertAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.Engagements.FromSql($"SELECT e.* FROM engagements e JOIN experts x ON x.\"Id\" = e.\"ExpertId\" WHERE e.\"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Engagement", id.ToString());

    private async Task<Engagement> LockEngagementAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.Engagements.FromSql($"SELECT * FROM engagements WHERE \"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Engagement", id.ToString());

    private static Proto.Engagement ToProto(Engagement engagement) => new()
    {
        Id = engagement.Id.ToString(),
        ExpertId = engagement.ExpertId.ToString(),
        OrganizationId = engagement.OrganizationId.ToString(),
        ExperienceId = Fields.Format(engagement.ExperienceId),
        Scope = engagement.Scope,
        PlannedHours = engagement.PlannedHours,
        StartsOn = Fields.Format(engagement.StartsOn),
        Months = engagement.Months,
        LoggedHours = engagement.LoggedHours,
        Status = engagement.Status == EngagementStatus.Active ? Proto.EngagementStatus.Active : Proto.EngagementStatus.Completed,
        EngagedAt = Timestamp.FromDateTimeOffset(engagement.EngagedAt),
        CompletedAt = engagement.CompletedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
    };
}
