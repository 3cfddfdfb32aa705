using Microsoft.EntityFrameworkCore;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Reach;

/// <summary>
/// Keeps the reach ledger equal to its definition: a professional is reached when they attended at
/// least one session, first at the earliest such session (its day, channel and partner). The
/// <c>reached</c> counter moves with the ledger, so the summary never counts the ledger.
/// </summary>
public static class ReachLedger
{
    private const string Table = "reach_ledger";

    private const string InsertSql = """
        INSERT INTO reach_ledger ("ProfessionalId", "FirstReachedAt", "FirstReachDay", "Channel", "ExperienceId", "PartnerId")
        VALUES ({0}, {1}, {2}, {3}, {4}, {5})
        ON CONFLICT ("ProfessionalId") DO NOTHING
        """;

    /// <summary>
    /// Before a batch of attendances: the professionals' entries, locked ahead (<see cref="RowLocks.LockAheadAsync"/>:
    /// their creation locks, then the entries FOR UPDATE). Another batch adding one of them at that moment
    /// commits first, and this one finds their entry.
    /// </summary>
    public static Task LockAheadAsync(Projection projection, IEnumerable<string> professionalIds, CancellationToken cancellationToken) =>
        projection.LockAheadAsync(projection.Db.ReachLedger, Table, "ProfessionalId", professionalIds, cancellationToken);

    /// <summary>After an attendance: a new professional is added; a known one may have been reached earlier than thought.</summary>
    public static async Task AttendedAsync(Projection projection, AttendanceRecord attendance, CancellationToken cancellationToken)
    {
        var db = projection.Db;
        if (RowLocks.Tracked(db.ReachLedger, [attendance.ProfessionalId]) is not null)
        {
            // Read or added earlier in this batch: the insert below would not see an entry added and not yet
            // saved, count the professional again and make the batch's save fail on the duplicate.
            await ReconcileAsync(projection, attendance.ProfessionalId, cancellationToken);
            return;
        }

        if (projection.IsLockedAhead<ReachedProfessional>(attendance.ProfessionalId))
        {
            // Not in the ledger (its batch locked the entries ahead), and no other batch adds them before this one
            // commits (it holds their creation lock): added with the batch's save.
            db.ReachLedger.Add(new ReachedProfessional { ProfessionalId = attendance.ProfessionalId, FirstReachedAt = attendance.SessionStartsAt.ToUniversalTime(), FirstReachDay = attendance.Day, Channel = attendance.Channel!, ExperienceId = attendance.ExperienceId, PartnerId = FirstHost(attendance) });
            projection.Figures.Add(Metrics.Reached, attendance.Day, 1, attendance.Channel!);
            return;
        }

        var inserted = await db.Database.ExecuteSqlRawAsync(
            InsertSql,
            [attendance.ProfessionalId, attendance.SessionStartsAt.ToUniversalTime(), attendance.Day, attendance.Channel!, attendance.ExperienceId, SqlValues.Id(FirstHost(attendance))],
            cancellationToken);
        if (inserted == 1)
        {
            projection.Figures.Add(Metrics.Reached, attendance.Day, 1, attendance.Channel!);
            return;
        }

        await ReconcileAsync(projection, attendance.ProfessionalId, cancellationToken);
    }

    /// <summary>The partner of a reach: the first of its experience's hosts.</summary>
    private static Guid? FirstHost(AttendanceRecord attendance) => attendance.HostPartnerIds.Count > 0 ? attendance.HostPartnerIds[0] : null;

    /// <summary>Makes the professional's entry match their attendances (under its row lock), moving the counter with it.</summary>
    public static async Task ReconcileAsync(Projection projection, string professionalId, CancellationToken cancellationToken)
    {
        var db = projection.Db;

        // It reads attendances from the database: this batch's unsaved changes must be there first.
        await db.SaveChangesAsync(cancellationToken);
        var entry = (await db.ReachLedger.FromSqlRaw("SELECT * FROM reach_ledger WHERE \"ProfessionalId\" = {0} FOR UPDATE", professionalId).ToListAsync(cancellationToken)).SingleOrDefault();
        var first = await db.Attendances.AsNoTracking()
            .Where(a => a.ProfessionalId == professionalId && a.Attended)
            .OrderBy(a => a.SessionStartsAt).ThenBy(a => a.ExperienceId)
            .FirstOrDefaultAsync(cancellationToken);
        if (entry is not null && first is not null && entry.FirstReachedAt == first.SessionStartsAt && entry.ExperienceId == first.ExperienceId)
        {
            return;
        }

        if (entry is not null)
        {
            projection.Figures.Add(Metrics.Reached, entry.FirstReachDay, -1, entry.Channel);
        }

        if (first is null)
        {
            if (entry is not null)
            {
                db.ReachLedger.Remove(entry);
            }

            return;
        }

        projection.Figures.Add(Metrics.Reached, first.Day, 1, first.Channel!);
        if (entry is null)
        {
            db.ReachLedger.Add(new ReachedProfessional { ProfessionalId = professionalId, FirstReachedAt = first.SessionStartsAt, FirstReachDay = first.Day, Channel = first.Channel!, ExperienceId = first.ExperienceId, PartnerId = FirstHost(first) });
            return;
        }

        (entry.FirstReachedAt, entry.FirstReachDay, entry.Channel, entry.ExperienceId, entry.PartnerId) = (first.SessionStartsAt, first.Day, first.Channel!, first.ExperienceId, FirstHost(first));
    }
}
