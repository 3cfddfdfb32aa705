using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Contracts.Events;
using Platform.Partner.Organizations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner;

/// <summary>Organizations and their pipeline.</summary>
public sealed partial class PartnerGrpcService
{
    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Organization> RegisterOrganization(Proto.RegisterOrganizationRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var details = OrganizationMessages.Details(validation, request.Name, request.Sector, request.Region, request.EmployeeCount, request.Website);
        validation.ThrowIfInvalid();
        // Nothing to cache: no entry can exist for a new organization, and a retry's stored response may be older than the row.
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(RegisterOrganization), async cancellationToken =>
        {
            var organization = Organization.Register(details!, calendar.Now());
            Db.Organizations.Add(organization);
            Db.AddEvent(new OrganizationRegistered
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = organization.RegisteredAt,
                OrganizationId = organization.Id,
                Name = organization.Name,
                Sector = organization.Sector.ToString(),
                Stage = organization.Stage.ToString(),
                Region = Fields.NullIfEmpty(organization.Region),
                EmployeeCount = EmployeeCountOf(organization),
                Website = Fields.NullIfEmpty(organization.Website),
            }, organization.Id);
            await SaveOrganizationAsync(organization, cancellationToken);
            return OrganizationMessages.ToProto(organization);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.Organization> GetOrganization(Proto.GetOrganizationRequest request, ServerCallContext context)
    {
        var id = Fields.Id("id", request.Id);
        return await organizationCache.ReadAsync(id, async cancellationToken => OrganizationMessages.ToProto(
            await Db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new NotFoundException("Organization", request.Id)), context.CancellationToken);
    }

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Organization> UpdateOrganization(Proto.UpdateOrganizationRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var id = Fields.RequiredId(validation, "id", request.Id).GetValueOrDefault();
        validation.ExpectedVersion("expected_version", request.ExpectedVersion).MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var details = OrganizationMessages.Details(validation, request.Name, request.Sector, request.Region, request.EmployeeCount, request.Website);
        validation.ThrowIfInvalid();
        // A retry does not run the effect, so it cannot tell whether the first call changed anything: it deletes.
        var changed = true;
        var updated = await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(UpdateOrganization), async cancellationToken =>
        {
            var organization = await LoadOrganizationAsync(id, cancellationToken);
            ConcurrencyConflictException.ThrowIfVersionDiffers("Organization", request.Id, organization.Version, request.ExpectedVersion);

            // Unchanged details are no change: no new version, no event, and the cached copy stays.
            changed = organization.Update(details!);
            if (changed)
            {
                RaiseUpdatedEvent(organization);
                await SaveOrganizationAsync(organization, cancellationToken);
            }

            return OrganizationMessages.ToProto(organization);
        }, context.CancellationToken);
        if (changed)
        {
            await organizationCache.InvalidateAsync(id);
        }

        return updated;
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.ListOrganizationsResponse> ListOrganizations(Proto.ListOrganizationsRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize).MaxLength("text", request.Text, OrganizationMessages.NameLimit);
        var stage = OrganizationMessages.ToStage(request.Stage);
        var sector = OrganizationMessages.ToSector(request.Sector);
        if (stage is null && request.Stage != Proto.Stage.Unspecified)
        {
            validation.Add("stage", "is not a known stage");
        }

        if (sector is null && request.Sector != Proto.Sector.Unspecified)
        {
            validation.Add("sector", "is not a known sector");
        }

        validation.ThrowIfInvalid();
        var after = Fields.AfterKey(request.PageToken)?.Id;
        var pageSize = request.PageSize == 0 ? Fields.DefaultPageSize : request.PageSize;

        var query = Db.Organizations.AsNoTracking();
        if (stage is { } s)
        {
            query = query.Where(o => o.Stage == s);
        }

        if (sector is { } c)
        {
            query = query.Where(o => o.Sector == c);
        }

        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            var pattern = "%" + EscapeLike(request.Text.Trim()) + "%";
            query = query.Where(o => EF.Functions.ILike(o.Name, pattern));
        }

        if (after is { } last)
        {
            query = query.Where(o => o.Id < last);
        }

        var page = await query.OrderByDescending(o => o.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Proto.ListOrganizationsResponse();
        response.Organizations.AddRange(page.Take(pageSize).Select(OrganizationMessages.ToProto));
        if (page.Count > pageSize)
        {
            response.NextPageToken = Fields.PageToken(0, page[pageSize - 1].Id);
        }

        return response;
    }

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Organization> ChangeStage(Proto.ChangeStageRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var id = Fields.RequiredId(validation, "id", request.Id).GetValueOrDefault();
        var to = OrganizationMessages.ToStage(request.ToStage);
        validation.MaxLength("request_id", request.RequestId, Fields.RequestIdLimit).MaxLength("reason", request.Reason, OrganizationMessages.ReasonLimit);
        if (to is null)
        {
            validation.Add("to_stage", "must be one of STAGE_LEAD, STAGE_CONTACTED, STAGE_PROPOSAL, STAGE_PARTNER, STAGE_ALUMNI, STAGE_LOST");
        }
        else if (to == Stage.Lost && string.IsNullOrWhiteSpace(request.Reason))
        {
            validation.Add("reason", "is required when an organization is lost");
        }

        validation.ThrowIfInvalid();
        var caller = context.Caller();
        var moved = await Requests.RunOnceAsync(caller, request.RequestId, nameof(ChangeStage), async cancellationToken =>
        {
            var organization = await LoadOrganizationAsync(id, cancellationToken);
            if (!Pipeline.Allows(organization.Stage, to!.Value))
            {
                var next = Pipeline.NextFrom(organization.Stage);
                throw new FailedPreconditionException($"An organization at stage {organization.Stage} cannot move to {to}; "
                    + (next.Count == 0 ? "it is at the end of the pipeline." : $"it can move to {string.Join(" or ", next)}."));
            }

            var change = organization.MoveTo(to.Value, caller, Fields.NullIfEmpty(request.Reason), calendar.Now());
            Db.StageChanges.Add(change);
            RaiseStageEvents(organization, change);
            await SaveOrganizationAsync(organization, cancellationToken);
            return OrganizationMessages.ToProto(organization);
        }, context.CancellationToken);
        await organizationCache.InvalidateAsync(id);
        return moved;
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.GetStageHistoryResponse> GetStageHistory(Proto.GetStageHistoryRequest request, ServerCallContext context)
    {
        var id = Fields.Id("id", request.Id);
        if (!await Db.Organizations.AnyAsync(o => o.Id == id, context.CancellationToken))
        {
            throw new NotFoundException("Organization", request.Id);
        }

        var changes = await Db.StageChanges.AsNoTracking().Where(c => c.OrganizationId == id).OrderBy(c => c.Id).ToListAsync(context.CancellationToken);
        var response = new Proto.GetStageHistoryResponse();
        response.Changes.AddRange(changes.Select(OrganizationMessages.ToProto));
        return response;
    }

    private void RaiseUpdatedEvent(Organization organization) => Db.AddEvent(new OrganizationUpdated
    {
        EventId = Guid.CreateVersion7(),
        OccurredAt = calendar.Now(),
        OrganizationId = organization.Id,
        Name = organization.Name,
        Sector = organization.Sector.ToString(),
        Region = Fields.NullIfEmpty(organization.Region),
        EmployeeCount = EmployeeCountOf(organization),
        Website = Fields.NullIfEmpty(organization.Website),
    }, organization.Id);

    private void RaiseStageEvents(Organization organization, StageChange change)
    {
        Db.AddEvent(new PipelineStageChanged
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = change.ChangedAt,
            OrganizationId = organization.Id,
            OrganizationName = organization.Name,
            Sector = organization.Sector.ToString(),
            FromStage = change.FromStage.ToString(),
            ToStage = change.ToStage.ToString(),
            Reason = change.Reason,
        }, organization.Id);
        if (change.ToStage == Stage.Partner)
        {
            Db.AddEvent(new PartnerJoined
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = change.ChangedAt,
                OrganizationId = organization.Id,
                OrganizationName = organization.Name,
                Sector = organization.Sector.ToString(),
                Region = Fields.NullIfEmpty(organization.Region),
                PreviousStage = change.FromStage.ToString(),
                RegisteredAt = organization.RegisteredAt,
            }, organization.Id);
        }
        else if (change.FromStage == Stage.Partner)
        {
            Db.AddEvent(new PartnerLeft
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = change.ChangedAt,
                OrganizationId = organization.Id,
                OrganizationName = organization.Name,
                Sector = organization.Sector.ToString(),
                ToStage = change.ToStage.ToString(),
                JoinedAt = organization.PartnerSince ?? organization.RegisteredAt,
                Reason = change.Reason,
            }, organization.Id);
        }
    }

    /// <summary>0 is how the contract says "not given"; events say null, as for region and website.</summary>
    private static int? EmployeeCountOf(Organization organization) => organization.EmployeeCount == 0 ? null : organization.EmployeeCount;

    private async Task<Organization> LoadOrganizationAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.Organizations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
        ?? throw new NotFoundException("Organization", id.ToString());

    /// <summary>
    /// The organization, share-locked until the transaction ends, for a change that depends on its
    /// stage: a stage change under way is waited for and then seen, and one that comes later waits
    /// for this transaction's commit.
    /// </summary>
    private async Task<Organization> ShareLockOrganizationAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.Organizations.FromSql($"SELECT * FROM organizations WHERE \"Id\" = {id} FOR SHARE").SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Organization", id.ToString());

    private Task SaveOrganizationAsync(Organization organization, CancellationToken cancellationToken) => Db.SaveOrRejectAsync(
        $"An organization named '{organization.Name}' is already registered in region '{organization.Region}'.",
        $"Organization '{organization.Id}' was changed at the same time by another request: read it again and retry.",
        cancellationToken);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
