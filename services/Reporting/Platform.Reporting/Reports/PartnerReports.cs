using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting.V1;
using Platform.Reporting.Data;
using Platform.Reporting.Summary;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Reporting.Reports;

/// <summary>One partner's impact: what it hosted, whom that reached, its actions, NPS and coaching.</summary>
public sealed class PartnerReports(ReportingDbContext db, NetworkCalendar calendar)
{
    public async Task<PartnerReport> GetAsync(GetPartnerReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var partnerId = Fields.Id("partner_id", request.PartnerId);
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.OrganizationId == partnerId, cancellationToken);
        var experiences = await db.Experiences.AsNoTracking().Where(e => e.HostPartnerIds.Contains(partnerId)).OrderBy(e => e.Title).ToListAsync(cancellationToken);
        if (organization is null && experiences.Count == 0 && !await KnownAsync(db, partnerId, cancellationToken))
        {
            throw new NotFoundException("Partner", request.PartnerId);
        }

        var hosted = experiences.Select(e => e.ExperienceId).ToList();
        var attended = db.Attendances.AsNoTracking().Where(a => a.Attended && hosted.Contains(a.ExperienceId));
        var perExperience = await attended.GroupBy(a => a.ExperienceId)
            .Select(g => new { Id = g.Key, Reached = g.Select(a => a.ProfessionalId).Distinct().LongCount(), Attendances = g.LongCount(), Hours = g.Sum(a => a.Hours) })
            .ToDictionaryAsync(x => x.Id, cancellationToken);
        var nps = await NpsReport.ByExperienceAsync(db, hosted, cancellationToken);
        var today = calendar.Today();
        var actions = await db.Actions.AsNoTracking().Where(a => a.PartnerId == partnerId).GroupBy(a => a.Status)
            .Select(g => new { Status = g.Key, Count = g.LongCount(), Overdue = g.LongCount(a => a.DueOn < today && (a.Status == "Open" || a.Status == "InProgress")) })
            .ToListAsync(cancellationToken);
        var engagements = db.Engagements.AsNoTracking().Where(e => e.OrganizationId == partnerId);
        var report = new PartnerReport
        {
            PartnerId = partnerId.ToString(),
            Name = organization?.Name ?? string.Empty,
            Sector = organization?.Sector ?? string.Empty,
            Stage = organization?.Stage ?? string.Empty,
            ExperiencesHosted = experiences.Count,
            ExperiencesCompleted = experiences.Count(e => e.Status == "Completed"),
            ProfessionalsReached = await attended.Select(a => a.ProfessionalId).Distinct().LongCountAsync(cancellationToken),
            Attendances = perExperience.Values.Sum(x => x.Attendances),
            ParticipantHours = (double)perExperience.Values.Sum(x => x.Hours),
            Actions = Figures.Actions(actions.Select(a => (a.Status, a.Count, a.Overdue))),
            Nps = await NpsReport.OverAsync(db.Feedback.AsNoTracking().Where(f => f.HostPartnerIds.Contains(partnerId)), cancellationToken),
            Engagements = await engagements.LongCountAsync(cancellationToken),
            CoachingHours = (double)(await engagements.SumAsync(e => e.LoggedHours, cancellationToken) ?? 0),
        };
        report.Experiences.AddRange(experiences.Select(e => new ExperienceFigures
        {
            ExperienceId = e.ExperienceId.ToString(),
            Title = e.Title ?? string.Empty,
            Kind = e.Kind,
            Status = e.Status,
            ProfessionalsReached = perExperience.GetValueOrDefault(e.ExperienceId)?.Reached ?? 0,
            Attendances = perExperience.GetValueOrDefault(e.ExperienceId)?.Attendances ?? 0,
            ParticipantHours = (double)(perExperience.GetValueOrDefault(e.ExperienceId)?.Hours ?? 0),
            Nps = nps.GetValueOrDefault(e.ExperienceId) ?? Figures.Nps(0, 0, 0),
        }));
        return report;
    }

    /// <summary>
    /// Whether Reporting holds any event naming the partner, whichever arrived first: its organization's
    /// own, an experience it hosts, an action carried out in it, an engagement with it, feedback or an
    /// attendance or no-show naming it among its hosts. The partner report and the funnel both decide by this.
    /// </summary>
    public static async Task<bool> KnownAsync(ReportingDbContext db, Guid partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Organizations.AsNoTracking().AnyAsync(o => o.OrganizationId == partnerId, cancellationToken)
            || await db.Experiences.AsNoTracking().AnyAsync(e => e.HostPartnerIds.Contains(partnerId), cancellationToken)
            || await db.Actions.AsNoTracking().AnyAsync(a => a.PartnerId == partnerId, cancellationToken)
            || await db.Engagements.AsNoTracking().AnyAsync(e => e.OrganizationId == partnerId, cancellationToken)
            || await db.Feedback.AsNoTracking().AnyAsync(f => f.HostPartnerIds.Contains(partnerId), cancellationToken)
            || await db.Attendances.AsNoTracking().AnyAsync(a => a.HostPartnerIds.Contains(partnerId), cancellationToken);
    }
}
