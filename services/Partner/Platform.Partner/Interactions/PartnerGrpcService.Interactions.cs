using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Partner.Interactions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner;

/// <summary>The community manager's interactions with organizations and experts, and the follow-ups they call for.</summary>
public sealed partial class PartnerGrpcService
{
    private const int SummaryLimit = 4000;
    private const int SubjectLimit = 200;

    /// <summary>Clocks differ a little: an interaction may be logged as a few minutes in the future.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Interaction> LogInteraction(Proto.LogInteractionRequest request, ServerCallContext context)
    {
        var validation = new Validation()
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("summary", request.Summary).MaxLength("summary", request.Summary, SummaryLimit);
        var (organizationId, expertId) = Subject(validation, request.OrganizationId, request.ExpertId);
        var contactId = Fields.OptionalId(validation, "contact_id", request.ContactId);
        if (contactId is not null && expertId is not null)
        {
            validation.Add("contact_id", "is a contact of an organization; give it with organization_id");
        }

        var kind = request.Kind switch
        {
            Proto.InteractionKind.Call => InteractionKind.Call,
            Proto.InteractionKind.Meeting => InteractionKind.Meeting,
            Proto.InteractionKind.Email => InteractionKind.Email,
            Proto.InteractionKind.Event => InteractionKind.Event,
            _ => (InteractionKind?)null,
        };
        if (kind is null)
        {
            validation.Add("kind", "must be one of INTERACTION_KIND_CALL, INTERACTION_KIND_MEETING, INTERACTION_KIND_EMAIL, INTERACTION_KIND_EVENT");
        }

        var occurredAt = Fields.OptionalInstant(validation, "occurred_at", request.OccurredAt);
        if (occurredAt > calendar.Now() + ClockSkew)
        {
            validation.Add("occurred_at", "must not be in the future");
        }

        var followUpOn = Fields.OptionalDate(validation, "follow_up_on", request.FollowUpOn);
        validation.ThrowIfInvalid();

        var record = new InteractionRecord(organizationId, expertId, contactId, kind!.Value, request.Summary, occurredAt is { } at ? NetworkCalendar.AtDatabasePrecision(at) : null, followUpOn);
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(LogInteraction), async cancellationToken =>
        {
            await CheckSubjectAsync(record.OrganizationId, record.ExpertId, cancellationToken);
            if (record.ContactId is { } contact && !await Db.Contacts.AnyAsync(c => c.Id == contact && c.OrganizationId == record.OrganizationId, cancellationToken))
            {
                new Validation().Add("contact_id", "is not a contact of this organization").ThrowIfInvalid();
            }

            var interaction = Interaction.Log(record, context.Caller(), calendar.Now());
            Db.Interactions.Add(interaction);
            await Db.SaveChangesAsync(cancellationToken);
            return ToProto(interaction);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.ListInteractionsResponse> ListInteractions(Proto.ListInteractionsRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var (organizationId, expertId) = Subject(validation, request.OrganizationId, request.ExpertId);
        validation.ThrowIfInvalid();
        var after = Fields.AfterInstant(request.PageToken);
        await CheckSubjectAsync(organizationId, expertId, context.CancellationToken);

        var query = Db.Interactions.AsNoTracking().Where(i => organizationId != null ? i.OrganizationId == organizationId : i.ExpertId == expertId);
        if (after is { } last)
        {
            var at = last.At;
            query = query.Where(i => i.OccurredAt < at || (i.OccurredAt == at && i.Id < last.Id));
        }

        var pageSize = request.PageSize == 0 ? Fields.DefaultPageSize : request.PageSize;
        var page = await query.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Proto.ListInteractionsResponse();
        response.Interactions.AddRange(page.Take(pageSize).Select(ToProto));
        if (page.Count > pageSize)
        {
            var end = page[pageSize - 1];
            response.NextPageToken = Fields.PageToken(end.OccurredAt.UtcTicks, end.Id);
        }

        return response;
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.ListFollowUpsResponse> ListFollowUps(Proto.ListFollowUpsRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize).MaxLength("logged_by", request.LoggedBy, SubjectLimit);
        var asOf = Fields.OptionalDate(validation, "as_of", request.AsOf) ?? calendar.Today();
        validation.ThrowIfInvalid();
        var after = Fields.AfterDay(request.PageToken);

        var query = Db.Interactions.AsNoTracking().Where(i => i.FollowUpOn != null && i.FollowUpDoneAt == null && i.FollowUpOn <= asOf);
        if (!string.IsNullOrEmpty(request.LoggedBy))
        {
            query = query.Where(i => i.LoggedBy == request.LoggedBy);
        }

        if (after is { } last)
        {
            var on = last.Day;
            query = query.Where(i => i.FollowUpOn > on || (i.FollowUpOn == on && i.Id > last.Id));
        }

        var pageSize = request.PageSize == 0 ? Fields.DefaultPageSize : request.PageSize;
        var page = await query.OrderBy(i => i.FollowUpOn).ThenBy(i => i.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Proto.ListFollowUpsResponse();
        response.FollowUps.AddRange(page.Take(pageSize).Select(i =>
        {
            var daysOverdue = asOf.DayNumber - i.FollowUpOn!.Value.DayNumber;
            return new Proto.FollowUp { Interaction = ToProto(i), Overdue = daysOverdue > 0, DaysOverdue = daysOverdue };
        }));
        if (page.Count > pageSize)
        {
            var end = page[pageSize - 1];
            response.NextPageToken = Fields.PageToken(end.FollowUpOn!.Value.DayNumber, end.Id);
        }

        return response;
    }

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Interaction> CompleteFollowUp(Proto.CompleteFollowUpRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var id = Fields.RequiredId(validation, "interaction_id", request.InteractionId).GetValueOrDefault();
        validation.MaxLength("request_id", request.RequestId, Fields.RequestIdLimit).ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(CompleteFollowUp), async cancellationToken =>
        {
            // Locked: of two completions at once, the second waits and finds the first's time.
            var interaction = await Db.Interactions.FromSql($"SELECT * FROM interactions WHERE \"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Interaction", request.InteractionId);
            if (interaction.FollowUpOn is null)
            {
                throw new FailedPreconditionException($"Interaction '{request.InteractionId}' has no follow-up to complete.");
            }

            // Done twice is done: the first completion's time stays.
            if (interaction.FollowUpDoneAt is null)
            {
                interaction.CompleteFollowUp(calendar.Now());
                await Db.SaveChangesAsync(cancellationToken);
            }

            return ToProto(interaction);
        }, context.CancellationToken);
    }

    /// <summary>Exactly one of an organization and an expert.</summary>
    private static (Guid? OrganizationId, Guid? ExpertId) Subject(Validation validation, string organizationId, string expertId)
    {
        if (string.IsNullOrEmpty(organizationId) == string.IsNullOrEmpty(expertId))
        {
            validation.Add("organization_id", "give either organization_id or expert_id");
        }

        return (Fields.OptionalId(validation, "organization_id", organizationId), Fields.OptionalId(validation, "expert_id", expertId));
    }

    private async Task CheckSubjectAsync(Guid? organizationId, Guid? expertId, CancellationToken cancellationToken)
    {
        if (organizationId is { } organization)
        {
            await LoadOrganizationAsync(organization, cancellationToken);
        }
        else
        {
            await LoadExpertAsync(expertId!.Value, cancellationToken);
        }
    }

    private static Proto.Interaction ToProto(Interaction interaction) => new()
    {
        Id = interaction.Id.ToString(),
        OrganizationId = Fields.Format(interaction.OrganizationId),
        ExpertId = Fields.Format(interaction.ExpertId),
        ContactId = Fields.Format(interaction.ContactId),
        Kind = (Proto.InteractionKind)((int)interaction.Kind + 1),
        Summary = interaction.Summary,
        OccurredAt = Timestamp.FromDateTimeOffset(interaction.OccurredAt),
        LoggedBy = interaction.LoggedBy,
        FollowUpOn = Fields.Format(interaction.FollowUpOn),
        FollowUpDoneAt = interaction.FollowUpDoneAt is { } done ? Timestamp.FromDateTimeOffset(done) : null,
    };
}
