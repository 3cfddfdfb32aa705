using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;
using Platform.Reporting.Data;
using Platform.Reporting.Erasure;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Rebuild;

/// <summary>
/// Rebuilds every read model from scratch by replaying the journal through the same projections the
/// consumers use, in one transaction: readers see the old figures until the new ones commit, and
/// consumers wait meanwhile (their events join the journal after the replay, so nothing is lost).
/// </summary>
public sealed partial class ReadModelRebuild(ReportingDbContext db, Projector projector, ErasedProfessionals erased, ILogger<ReadModelRebuild> logger)
{
    private const int PageSize = 1000;

    /// <summary>The number of journal entries replayed.</summary>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var replayed = 0L;
        await using (var transaction = await db.BeginAllOrNothingAsync(cancellationToken))
        {
            // SHARE ROW EXCLUSIVE on the journal waits for consumers in flight and holds new ones at their journal
            // insert, while readers go on. It conflicts with itself (SHARE does not): a second rebuild, on any replica,
            // waits until this one committed, then deletes what it wrote; otherwise its replay would add on top.
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE journal IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
            foreach (var table in ReportingDbContext.ReadModelTables)
            {
#pragma warning disable EF1003 // The table names are the model's constants.
                await db.Database.ExecuteSqlRawAsync("DELETE FROM " + table, cancellationToken);
#pragma warning restore EF1003
            }

            var after = 0L;
            while (true)
            {
                var page = await db.Journal.AsNoTracking().Where(j => j.Sequence > after).OrderBy(j => j.Sequence).Take(PageSize).ToListAsync(cancellationToken);

                // An entry that still names an erased professional is scrubbed before it counts again.
                await erased.PseudonymiseAsync(page, db, cancellationToken);
                foreach (var entry in page)
                {
                    await projector.ReplayAsync(entry, db, cancellationToken);
                    db.ChangeTracker.Clear();
                }

                replayed += page.Count;
                if (page.Count < PageSize)
                {
                    break;
                }

                after = page[^1].Sequence;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        LogRebuilt(logger, replayed);
        return replayed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read models rebuilt from {Entries} journal entries")]
    private static partial void LogRebuilt(ILogger logger, long entries);
}
