using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Reach;

/// <summary>An attendance: counted once per registration and session, with its hours; the person joins the reach ledger.</summary>
public sealed class ParticipantAttendedProjection : IProjection<ParticipantAttended>
{
    /// <summary>The attendances, then the professionals' ledger entries (the order every transaction takes them in).</summary>
    public async Task LockAheadAsync(IReadOnlyList<ParticipantAttended> events, Projection projection, CancellationToken cancellationToken)
    {
        await projection.LockAheadAsync(projection.Db.Attendances, "attendances", "RegistrationId", events.Select(e => e.RegistrationId), cancellationToken);
        await ReachLedger.LockAheadAsync(projection, events.Select(e => e.ProfessionalId), cancellationToken);
    }

    public async Task ApplyAsync(ParticipantAttended evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Attendance.LockedAsync(projection, evt.RegistrationId, evt.SessionId, cancellationToken);
        if (record is not null && record.RecordedAt >= evt.OccurredAt)
        {
            // A later no-show stands, but this event names the hosts its own event could not.
            if (record.HostPartnerIds.Count == 0 && evt.HostPartnerIds.Count > 0)
            {
                record.HostPartnerIds = [.. evt.HostPartnerIds];
            }

            return;
        }

        var day = projection.DayOf(evt.SessionStartsAt);
        var attended = new AttendanceRecord
        {
            RegistrationId = evt.RegistrationId,
            SessionId = evt.SessionId,
            ExperienceId = evt.ExperienceId,
            ProfessionalId = evt.ProfessionalId,
            Attended = true,
            Channel = evt.ExperienceKind,
            SessionStartsAt = evt.SessionStartsAt,
            Day = day,
            Hours = Projection.Hours(evt.HoursAttended),
            HostPartnerIds = [.. evt.HostPartnerIds],
            RecordedAt = evt.OccurredAt,
        };
        Attendance.Replace(projection, record, attended);
        await ReachLedger.AttendedAsync(projection, attended, cancellationToken);
    }
}

/// <summary>
/// A no-show: counted once per registration and session; a correction of an attendance takes its reach back
/// and keeps its host partners. Without a record naming hosts, the no-show's own hosts are taken (none
/// from a no-show published before its event named them).
/// </summary>
public sealed class ParticipantNoShowProjection : IProjection<ParticipantNoShow>
{
    /// <summary>
    /// The attendances, then the ledger entries of the professionals whose attendance a no-show corrects
    /// (the order every transaction takes them in). Corrected one by one, in event order, their entries
    /// would be locked out of key order, crosswise with an attendance batch of the same professionals.
    /// </summary>
    public async Task LockAheadAsync(IReadOnlyList<ParticipantNoShow> events, Projection projection, CancellationToken cancellationToken)
    {
        await projection.LockAheadAsync(projection.Db.Attendances, "attendances", "RegistrationId", events.Select(e => e.RegistrationId), cancellationToken);
        var corrected = events.Where(e => RowLocks.Tracked(projection.Db.Attendances, [e.RegistrationId, e.SessionId]) is { Attended: true } record && record.RecordedAt < e.OccurredAt);
        await ReachLedger.LockAheadAsync(projection, corrected.Select(e => e.ProfessionalId), cancellationToken);
    }

    public async Task ApplyAsync(ParticipantNoShow evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await Attendance.LockedAsync(projection, evt.RegistrationId, evt.SessionId, cancellationToken);
        if (record is not null && record.RecordedAt >= evt.OccurredAt)
        {
            return;
        }

        var noShow = new AttendanceRecord
        {
            RegistrationId = evt.RegistrationId,
            SessionId = evt.SessionId,
            ExperienceId = evt.ExperienceId,
            ProfessionalId = evt.ProfessionalId,
            Attended = false,
            SessionStartsAt = evt.SessionStartsAt,
            Day = projection.DayOf(evt.SessionStartsAt),
            Hours = 0,
            HostPartnerIds = record is { HostPartnerIds.Count: > 0 } ? [.. record.HostPartnerIds] : [.. evt.HostPartnerIds ?? []],
            RecordedAt = evt.OccurredAt,
        };
        var wasAttended = record?.Attended == true;
        Attendance.Replace(projection, record, noShow);
        if (wasAttended)
        {
            await ReachLedger.ReconcileAsync(projection, evt.ProfessionalId, cancellationToken);
        }
    }
}

/// <summary>Attendance rows and the counters that follow them.</summary>
internal static class Attendance
{
    /// <summary>The attendance, from this batch's tracker or its rows locked ahead (by registration) when it can, else read FOR UPDATE.</summary>
    public static async Task<AttendanceRecord?> LockedAsync(Projection projection, Guid registrationId, Guid sessionId, CancellationToken cancellationToken)
    {
        if (RowLocks.Tracked(projection.Db.Attendances, [registrationId, sessionId]) is { } tracked)
        {
            return tracked;
        }

        return projection.IsLockedAhead<AttendanceRecord>(registrationId) ? null : (await projection.Db.Attendances
            .FromSqlRaw("SELECT * FROM attendances WHERE \"RegistrationId\" = {0} AND \"SessionId\" = {1} FOR UPDATE", registrationId, sessionId)
            .ToListAsync(cancellationToken)).SingleOrDefault();
    }

    /// <summary>Puts <paramref name="next"/> in place of <paramref name="previous"/>, taking back the previous one's counts.</summary>
    public static void Replace(Projection projection, AttendanceRecord? previous, AttendanceRecord next)
    {
        Count(projection, next, 1);
        if (previous is null)
        {
            projection.Db.Attendances.Add(next);
            return;
        }

        Count(projection, previous, -1);
        projection.Db.Entry(previous).CurrentValues.SetValues(next);
    }

    private static void Count(Projection projection, AttendanceRecord record, int sign)
    {
        if (record.Attended)
        {
            projection.Figures.Add(Metrics.Attendances, record.Day, sign, record.Channel!);
            projection.Figures.Add(Metrics.ParticipantHours, record.Day, sign * record.Hours, record.Channel!);
        }
        else
        {
            projection.Figures.Add(Metrics.NoShows, record.Day, sign);
        }
    }
}
