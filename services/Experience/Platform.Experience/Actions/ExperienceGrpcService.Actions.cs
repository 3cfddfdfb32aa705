using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Experience.Actions;
using Platform.Experience.Experiences;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience;

/// <summary>The action list: actions the coach records and commitments participants make, and the overdue list.</summary>
public sealed partial class ExperienceGrpcService
{
    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.ClimateAction> AddAction(Proto.AddActionRequest request, ServerCallContext context)
    {
        var validation = new Validation()
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("title", request.Title).MaxLength("title", request.Title, ActionMessages.TitleLimit)
            .Required("owner", request.Owner).MaxLength("owner", request.Owner, NameLimit)
            .MaxLength("owner_email", request.OwnerEmail, EmailLimit);
        if (!string.IsNullOrWhiteSpace(request.OwnerEmail))
        {
            validation.Email("owner_email", request.OwnerEmail.Trim());
        }

        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        var partnerId = Fields.OptionalId(validation, "partner_id", request.PartnerId);
        var theme = ActionMessages.Theme(validation, request.Theme);
        var dueOn = Fields.RequiredDate(validation, "due_on", request.DueOn);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(AddAction), async cancellationToken =>
        {
            // Read as a commitment reads it: a cancellation in flight is waited for, then seen.
            var experience = await ShareExperienceAsync(experienceId!.Value, cancellationToken);
            if (experience.Status is ExperienceStatus.Draft or ExperienceStatus.Cancelled)
            {
                throw new FailedPreconditionException($"Experience '{experience.Title}' is {experience.Status}: actions are kept for Scheduled, Running and Completed experiences.");
            }

            var ownerId = string.IsNullOrWhiteSpace(request.OwnerEmail) ? null : Professionals.IdOf(request.OwnerEmail);
            var plan = new ActionPlan(HostFor(experience, partnerId), request.Title.Trim(), theme!.Value, request.Owner.Trim(), ownerId, dueOn!.Value);
            return await SaveNewActionAsync(ClimateAction.Plan(experience.Id, plan, committedByParticipant: false, calendar.Now()), cancellationToken);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.ClimateAction> CommitToAction(Proto.CommitToActionRequest request, ServerCallContext context)
    {
        var validation = new Validation()
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("email", request.Email).MaxLength("email", request.Email, EmailLimit).Email("email", request.Email.Trim())
            .Required("title", request.Title).MaxLength("title", request.Title, ActionMessages.TitleLimit);
        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        var theme = ActionMessages.Theme(validation, request.Theme);
        var dueOn = Fields.RequiredDate(validation, "due_on", request.DueOn);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(CommitToAction), async cancellationToken =>
        {
            var (experience, participant) = await ParticipantAtTheEndAsync(experienceId!.Value, request.Email, "commit to an action", cancellationToken);
            var partnerId = participant.OrganizationId ?? (experience.HostPartnerIds.Count == 1 ? experience.HostPartnerIds[0] : null);
            var plan = new ActionPlan(partnerId, request.Title.Trim(), theme!.Value, participant.FullName, participant.ProfessionalId, dueOn!.Value);
            return await SaveNewActionAsync(ClimateAction.Plan(experience.Id, plan, committedByParticipant: true, calendar.Now()), cancellationToken);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.ClimateAction> UpdateAction(Proto.UpdateActionRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit).MaxLength("owner", request.Owner, NameLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        validation.ExpectedVersion("expected_version", request.ExpectedVersion);
        var status = ActionMessages.Status(validation, "status", request.Status);
        var dueOn = Fields.OptionalDate(validation, "due_on", request.DueOn);
        var owner = Fields.NullIfEmpty(request.Owner);
        if (status is null && dueOn is null && owner is null && validation.IsValid)
        {
            validation.Add("status", "or due_on or owner is required: there is nothing to change");
        }

        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(UpdateAction), async cancellationToken =>
        {
            var action = await Db.Actions.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
                ?? throw new NotFoundException("Action", request.Id);
            ConcurrencyConflictException.ThrowIfVersionDiffers("Action", request.Id, action.Version, request.ExpectedVersion);

            // Announced when the status, the deadline (overdue counts) or the owner's professional id (the funnel's steps) moves.
            var (fromStatus, fromDue, fromOwner) = (action.Status, action.DueOn, action.OwnerProfessionalId);
            if (action.Change(status, dueOn, owner, calendar.Now()) && (action.Status != fromStatus || action.DueOn != fromDue || action.OwnerProfessionalId != fromOwner))
            {
                Db.AddEvent(ActionMessages.StatusChanged(action, fromStatus), action.Id);
            }

            await Db.SaveOrRejectAsync("The action already exists.", $"Action '{request.Id}' changed at the same time: read it again and reapply the change.", cancellationToken);
            return ActionMessages.ToProto(action, calendar.Today());
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.ListActionsResponse> ListActions(Proto.ListActionsRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var experienceId = Fields.OptionalId(validation, "experience_id", request.ExperienceId);
        var partnerId = Fields.OptionalId(validation, "partner_id", request.PartnerId);
        var theme = request.Theme == Proto.ActionTheme.Unspecified ? null : ActionMessages.Theme(validation, request.Theme);
        var status = ActionMessages.Status(validation, "status", request.Status);
        var after = Fields.AfterDay(request.PageToken);
        validation.ThrowIfInvalid();
        var today = calendar.Today();
        var query = Db.Actions.AsNoTracking()
            .Where(a => (experienceId == null || a.ExperienceId == experienceId) && (partnerId == null || a.PartnerId == partnerId))
            .Where(a => (theme == null || a.Theme == theme) && (status == null || a.Status == status));
        if (request.OverdueOnly)
        {
            query = query.Where(a => a.DueOn < today && (a.Status == ActionStatus.Open || a.Status == ActionStatus.InProgress));
        }

        if (after is { } last)
        {
            var lastDue = last.Day;
            query = query.Where(a => a.DueOn > lastDue || (a.DueOn == lastDue && a.Id > last.Id));
        }

        var pageSize = request.PageSize == 0 ? Fields.DefaultPageSize : request.PageSize;
        var page = await query.OrderBy(a => a.DueOn).ThenBy(a => a.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Proto.ListActionsResponse { Actions = { page.Take(pageSize).Select(a => ActionMessages.ToProto(a, today)) } };
        if (page.Count > pageSize)
        {
            response.NextPageToken = Fields.PageToken(page[pageSize - 1].DueOn.DayNumber, page[pageSize - 1].Id);
        }

        return response;
    }

    private async Task<Proto.ClimateAction> SaveNewActionAsync(ClimateAction action, CancellationToken cancellationToken)
    {
        Db.Actions.Add(action);
        Db.AddEvent(ActionMessages.Committed(action), action.Id);
        await Db.SaveChangesAsync(cancellationToken);
        return ActionMessages.ToProto(action, calendar.Today());
    }

    /// <summary>The partner an action is carried out in: the one named, which must host the experience, or its only host.</summary>
    private static Guid HostFor(Experiences.Experience experience, Guid? partnerId)
    {
        if (partnerId is { } named)
        {
            return experience.HostPartnerIds.Contains(named)
                ? named
                : throw new FailedPreconditionException($"Partner '{named}' does not host '{experience.Title}': an action is carried out in one of its hosts.");
        }

        if (experience.HostPartnerIds.Count != 1)
        {
            new Validation().Add("partner_id", $"is required: '{experience.Title}' has {experience.HostPartnerIds.Count} hosts").ThrowIfInvalid();
        }

        return experience.HostPartnerIds[0];
    }
}
