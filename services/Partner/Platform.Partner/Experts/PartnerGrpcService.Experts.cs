using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Partner.Engagements;
using Platform.Partner.Experts;
using Platform.Partner.Organizations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner;

/// <summary>The pool of Experts: register, read, deactivate, find the best fit with hours left.</summary>
public sealed partial class PartnerGrpcService
{
    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Expert> RegisterExpert(Proto.RegisterExpertRequest request, ServerCallContext context)
    {
        var profile = ExpertMessages.Profile(request);
        // Nothing to cache: no entry can exist for a new expert, and a retry's stored response may be older than the row.
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(RegisterExpert), async cancellationToken =>
        {
            var expert = Expert.Register(profile, calendar.Now());
            Db.Experts.Add(expert);
            Db.AddEvent(new ExpertRegistered
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = expert.RegisteredAt,
                ExpertId = expert.Id,
                ProfessionalId = Professionals.IdOf(expert.Email),
                Name = expert.Name,
                OrganizationName = Fields.NullIfEmpty(expert.OrganizationName),
                Themes = expert.Themes,
                Sectors = expert.Sectors,
                Languages = expert.Languages,
                MonthlyCoachingCapacityHours = expert.MonthlyCapacityHours,
            }, expert.Id);
            await Db.SaveOrRejectAsync($"An expert with e-mail '{expert.Email}' is already registered.", "The expert was registered at the same time by another request.", cancellationToken);
            return ExpertMessages.ToProto(expert);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.Expert> GetExpert(Proto.GetExpertRequest request, ServerCallContext context)
    {
        var id = Fields.Id("id", request.Id);
        return await expertCache.ReadAsync(id, async cancellationToken => ExpertMessages.ToProto(
            await Db.Experts.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new NotFoundException("Expert", request.Id)), context.CancellationToken);
    }

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Expert> DeactivateExpert(Proto.DeactivateExpertRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var id = Fields.RequiredId(validation, "id", request.Id).GetValueOrDefault();
        validation.MaxLength("request_id", request.RequestId, Fields.RequestIdLimit).MaxLength("reason", request.Reason, OrganizationMessages.ReasonLimit).ThrowIfInvalid();
        // A retry does not run the effect, so it cannot tell whether the first call changed anything: it deletes.
        var changed = true;
        var deactivated = await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(DeactivateExpert), async cancellationToken =>
        {
            // Locked like an engagement does, so no engagement is planned with an expert being deactivated.
            var expert = await LockExpertAsync(id, cancellationToken);

            // An expert deactivated already stays as it was, with its first reason, and so does its cached copy.
            changed = expert.Deactivate(Fields.NullIfEmpty(request.Reason), calendar.Now());
            if (changed)
            {
                await Db.SaveChangesAsync(cancellationToken);
            }

            return ExpertMessages.ToProto(expert);
        }, context.CancellationToken);
        if (changed)
        {
            await expertCache.InvalidateAsync(id);
        }

        return deactivated;
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.FindExpertsResponse> FindExperts(Proto.FindExpertsRequest request, ServerCallContext context)
    {
        var theme = ExpertMessages.ToTheme(request.Theme)?.ToString();
        var sector = OrganizationMessages.ToSector(request.Sector)?.ToString();
        var validation = new Validation().PageSize("page_size", request.PageSize);
        if (theme is null && request.Theme != Proto.Theme.Unspecified)
        {
            validation.Add("theme", "is not a known theme");
        }

        if (sector is null && request.Sector != Proto.Sector.Unspecified)
        {
            validation.Add("sector", "is not a known sector");
        }

        if (!string.IsNullOrEmpty(request.Language) && !ExpertMessages.IsLanguage(request.Language))
        {
            validation.Add("language", "must be an ISO 639-1 code such as nl or en");
        }

        if (!double.IsFinite(request.MinHoursLeft) || request.MinHoursLeft < 0)
        {
            validation.Add("min_hours_left", "must not be negative");
        }

        validation.ThrowIfInvalid();

        var query = Db.Experts.AsNoTracking().Where(e => e.Active);
        if (!string.IsNullOrEmpty(request.Language))
        {
            var language = request.Language.Trim().ToLowerInvariant();
            query = query.Where(e => e.Languages.Contains(language));
        }

        query = (theme, sector) switch
        {
            ({ } t, { } s) => query.Where(e => e.Themes.Contains(t) || e.Sectors.Contains(s)),
            ({ } t, null) => query.Where(e => e.Themes.Contains(t)),
            (null, { } s) => query.Where(e => e.Sectors.Contains(s)),
            _ => query,
        };
        var candidates = await query.ToListAsync(context.CancellationToken);
        var ids = candidates.Select(e => e.Id).ToList();
        var engagements = (await Db.Engagements.AsNoTracking().Where(e => ids.Contains(e.ExpertId) && e.Status == EngagementStatus.Active).ToListAsync(context.CancellationToken))
            .ToLookup(e => e.ExpertId);

        var month = calendar.Today();
        var minimum = Math.Max(request.MinHoursLeft, 0.001);
        var matches = candidates
            .Select(e => new
            {
                Expert = e,
                HoursLeft = Capacity.HoursLeft(e.MonthlyCapacityHours, engagements[e.Id], month),
                Fit = (theme is not null && e.Themes.Contains(theme) ? 2 : 0) + (sector is not null && e.Sectors.Contains(sector) ? 1 : 0),
            })
            .Where(m => m.HoursLeft >= minimum)
            .OrderByDescending(m => m.Fit).ThenByDescending(m => m.HoursLeft).ThenBy(m => m.Expert.Name, StringComparer.Ordinal).ThenBy(m => m.Expert.Id)
            .Take(request.PageSize == 0 ? ExpertMessages.DefaultMatches : request.PageSize);

        var response = new Proto.FindExpertsResponse();
        response.Matches.AddRange(matches.Select(m => new Proto.ExpertMatch { Expert = ExpertMessages.ToProto(m.Expert), HoursLeftThisMonth = Math.Round(m.HoursLeft, 2), Fit = m.Fit }));
        return response;
    }

    private async Task<Expert> LoadExpertAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.Experts.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
        ?? throw new NotFoundException("Expert", id.ToString());

    /// <summary>The expert, locked until the transaction ends: capacity is checked and taken one engagement at a time.</summary>
    private async Task<Expert> LockExpertAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.Experts.FromSql($"SELECT * FROM experts WHERE \"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Expert", id.ToString());
}
