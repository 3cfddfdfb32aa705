using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting.V1;
using Platform.Reporting.Data;
using Platform.Reporting.Feedback;
using Platform.Reporting.Summary;

namespace Platform.Reporting.Reports;

/// <summary>NPS over the latest feedback revisions, per experience or per format.</summary>
public sealed class NpsReport(ReportingDbContext db)
{
    public async Task<ListNpsResponse> ListAsync(ListNpsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.GroupBy is not (NpsGrouping.Experience or NpsGrouping.Format))
        {
            new ServiceDefaults.Grpc.Validation().Add("group_by", "is required: EXPERIENCE or FORMAT").ThrowIfInvalid();
        }

        var byFormat = request.GroupBy == NpsGrouping.Format;
        var counts = await db.Feedback.AsNoTracking()
            .GroupBy(f => byFormat ? f.FormatId : f.ExperienceId)
            .Select(g => new { Id = g.Key, Promoters = g.LongCount(f => f.Score >= 9), Passives = g.LongCount(f => f.Score == 7 || f.Score == 8), Detractors = g.LongCount(f => f.Score <= 6) })
            .ToListAsync(cancellationToken);
        var names = byFormat
            ? await db.Experiences.AsNoTracking().Where(e => e.FormatName != null).GroupBy(e => e.FormatId).Select(g => new { Id = g.Key, Name = g.Max(e => e.FormatName) }).ToDictionaryAsync(x => x.Id, x => x.Name, cancellationToken)
            : await db.Experiences.AsNoTracking().Where(e => e.Title != null).ToDictionaryAsync(e => e.ExperienceId, e => e.Title, cancellationToken);
        var response = new ListNpsResponse();
        response.Groups.AddRange(counts
            .Select(c => new NpsGroup { Id = c.Id.ToString(), Name = names.GetValueOrDefault(c.Id) ?? string.Empty, Nps = Figures.Nps(c.Promoters, c.Passives, c.Detractors) })
            .OrderByDescending(g => g.Nps.Score).ThenByDescending(g => g.Nps.Responses).ThenBy(g => g.Id, StringComparer.Ordinal));
        return response;
    }

    public static async Task<Dictionary<Guid, Nps>> ByExperienceAsync(ReportingDbContext db, List<Guid> experienceIds, CancellationToken cancellationToken) =>
        (await db.Feedback.AsNoTracking().Where(f => experienceIds.Contains(f.ExperienceId)).GroupBy(f => f.ExperienceId)
            .Select(g => new { Id = g.Key, Promoters = g.LongCount(f => f.Score >= 9), Passives = g.LongCount(f => f.Score == 7 || f.Score == 8), Detractors = g.LongCount(f => f.Score <= 6) })
            .ToListAsync(cancellationToken))
        .ToDictionary(c => c.Id, c => Figures.Nps(c.Promoters, c.Passives, c.Detractors));

    public static async Task<Nps> OverAsync(IQueryable<FeedbackRecord> feedback, CancellationToken cancellationToken)
    {
        var scores = await feedback.GroupBy(_ => 1)
            .Select(g => new { Promoters = g.LongCount(f => f.Score >= 9), Passives = g.LongCount(f => f.Score == 7 || f.Score == 8), Detractors = g.LongCount(f => f.Score <= 6) })
            .SingleOrDefaultAsync(cancellationToken);
        return scores is null ? Figures.Nps(0, 0, 0) : Figures.Nps(scores.Promoters, scores.Passives, scores.Detractors);
    }
}
