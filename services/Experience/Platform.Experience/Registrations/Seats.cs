using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Experience.Data;
using Platform.Experience.Experiences;

namespace Platform.Experience.Registrations;

/// <summary>
/// The outcome of asking for seats for applicants in their order: the first <see cref="Seated"/>
/// have one; the others are on the waitlist from <see cref="FirstSequence"/> and
/// <see cref="FirstPosition"/> on, one after the other.
/// </summary>
public readonly record struct SeatOutcome(int Seated, long FirstSequence, int FirstPosition);

/// <summary>
/// The seats of a pool (a session, or an experience for a series registration), changed inside
/// the caller's transaction. Seats sit in up to <see cref="SeatBucket.MaxPerPool"/> bucket rows:
/// registrations take theirs from buckets no one else is claiming (<c>SKIP LOCKED</c>), look again
/// after a short pause while the buckets with room left are being claimed, and are waitlisted only
/// when no bucket has room.
/// Row locks last until commit, so capacity is never exceeded. Registrations hold the pool's gate
/// shared and whatever frees a seat holds it exclusively, so "full" cannot change under a
/// registration deciding to waitlist; the waitlist keeps one ordered counter on the pool's row.
/// </summary>
public sealed class Seats(ExperienceDbContext db)
{
    // Takes up to @k seats from buckets with room that no one else is claiming (at most @k
    // buckets, in order), and says how many buckets with room it could not lock (in the
    // statement's snapshot): 0 means the pool has no more room than it took.
    private const string Claim = """
        WITH f AS MATERIALIZED (SELECT "Number", "Capacity" - "Taken" AS room FROM seat_buckets WHERE "PoolId" = @id AND "Taken" < "Capacity" ORDER BY "Number" LIMIT @k FOR UPDATE SKIP LOCKED),
        g AS (SELECT "Number", LEAST(room, GREATEST(@k - (sum(room) OVER (ORDER BY "Number") - room), 0)) AS take FROM f),
        u AS (UPDATE seat_buckets b SET "Taken" = b."Taken" + g.take FROM g WHERE b."PoolId" = @id AND b."Number" = g."Number" AND g.take > 0 RETURNING g.take)
        SELECT (SELECT coalesce(sum(take), 0) FROM u), (SELECT count(*) FROM seat_buckets WHERE "PoolId" = @id AND "Taken" < "Capacity" AND "Number" NOT IN (SELECT "Number" FROM f))
        """;

    private const string EnterGate = "SELECT pg_advisory_xact_lock_shared(@key);\n";

    private const string Release = """
        WITH f AS MATERIALIZED (SELECT "Number" FROM seat_buckets WHERE "PoolId" = @id AND "Taken" > 0 ORDER BY "Number" DESC LIMIT 1 FOR UPDATE)
        UPDATE seat_buckets b SET "Taken" = b."Taken" - 1 FROM f WHERE b."PoolId" = @id AND b."Number" = f."Number" RETURNING 0, 0
        """;

    /// <summary>Seats for <paramref name="count"/> applicants while the pool has them, waitlist places for the rest, in order.</summary>
    public async Task<SeatOutcome> TakeAsync(Pool pool, int count, CancellationToken cancellationToken)
    {
        var seated = 0;
        for (var attempt = 1; seated < count; attempt++)
        {
            // The first attempt takes the gate in the same round trip.
            var (claimed, lockedElsewhere) = await ExecuteAsync(attempt == 1 ? EnterGate + Claim : Claim, pool, count - seated, cancellationToken) ?? (0, 0);
            seated += (int)claimed;
            if (seated == count || lockedElsewhere == 0)
            {
                break;
            }

            // Buckets with room are being claimed right now. Waiting on their row locks could
            // deadlock (a lock taken on a bucket found full is held to the end), so wait without
            // holding any more and look again.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(attempt, 5)), cancellationToken);
        }

        var waiting = count - seated;
        if (waiting == 0)
        {
            return new SeatOutcome(seated, 0, 0);
        }

        var (sequence, position) = await ExecuteAsync(
            $"UPDATE {pool.Table} SET \"WaitlistedCount\" = \"WaitlistedCount\" + @k, \"WaitlistSequence\" = \"WaitlistSequence\" + @k WHERE \"Id\" = @id RETURNING \"WaitlistSequence\", \"WaitlistedCount\"",
            pool,
            waiting,
            cancellationToken) ?? throw new InvalidOperationException($"Seat pool {pool.Id} vanished.");
        return new SeatOutcome(seated, sequence - waiting + 1, (int)position - waiting + 1);
    }

    /// <summary>Closes the pool's gate and locks its counters until the transaction ends, before deciding who gets a freed seat.</summary>
    public async Task LockAsync(Pool pool, CancellationToken cancellationToken)
    {
        await ExecuteAsync("SELECT 0, 0 FROM pg_advisory_xact_lock(@key)", pool, null, cancellationToken);
        // NO KEY UPDATE: enough to hold the counters, and it lets registrations keep the experience
        // row they read FOR KEY SHARE (see RegistrationTarget) while they wait at the gate.
        await ExecuteAsync($"SELECT 0, 0 FROM {pool.Table} WHERE \"Id\" = @id FOR NO KEY UPDATE", pool, null, cancellationToken);
    }

    /// <summary>A seat holder left and nobody was waiting; the caller holds <see cref="LockAsync"/>.</summary>
    public Task ReleaseSeatAsync(Pool pool, CancellationToken cancellationToken) =>
        ExecuteAsync(Release, pool, null, cancellationToken);

    /// <summary>Someone left the waitlist (cancelled, or promoted to a freed seat).</summary>
    public Task LeaveWaitlistAsync(Pool pool, CancellationToken cancellationToken) =>
        ExecuteAsync($"UPDATE {pool.Table} SET \"WaitlistedCount\" = \"WaitlistedCount\" - 1 WHERE \"Id\" = @id RETURNING 0, 0", pool, null, cancellationToken);

    /// <summary>
    /// Seats taken in the pools of <paramref name="experiences"/> (a series) and of their
    /// <paramref name="sessions"/>, summed from the buckets. A cancelled experience's cancellation
    /// leaves its buckets as they were (nothing registers again); its seats are those it kept, the
    /// registrations still registered (<see cref="Cancellation.WithUsedSeat"/>), as they are listed.
    /// </summary>
    public async Task<SeatCounts> CountAsync(IReadOnlyCollection<Experiences.Experience> experiences, IEnumerable<Experiences.Session> sessions, CancellationToken cancellationToken)
    {
        var cancelled = experiences.Where(e => e.Status == ExperienceStatus.Cancelled).Select(e => e.Id).ToList();
        var open = experiences.Where(e => e.Status != ExperienceStatus.Cancelled).Select(e => e.Id)
            .Concat(sessions.Where(s => !cancelled.Contains(s.ExperienceId)).Select(s => s.Id))
            .ToList();
        var taken = await db.SeatBuckets.AsNoTracking()
            .Where(b => open.Contains(b.PoolId))
            .GroupBy(b => b.PoolId)
            .Select(g => new { PoolId = g.Key, Taken = g.Sum(b => b.Taken) })
            .ToDictionaryAsync(x => x.PoolId, x => x.Taken, cancellationToken);
        if (cancelled.Count > 0)
        {
            var kept = await db.Registrations.AsNoTracking()
                .Where(r => cancelled.Contains(r.ExperienceId) && r.Status == RegistrationStatus.Registered)
                .GroupBy(r => r.PoolId)
                .Select(g => new { PoolId = g.Key, Taken = g.Count() })
                .ToListAsync(cancellationToken);
            foreach (var pool in kept)
            {
                taken[pool.PoolId] = pool.Taken;
            }
        }

        return new(taken);
    }

    private async Task<(long, long)?> ExecuteAsync(string sql, Pool pool, int? count, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Seats change only inside the registration's transaction.");
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("id", pool.Id);
        if (sql.Contains("@key", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("key", pool.GateKey);
        }

        if (count is { } k)
        {
            command.Parameters.AddWithValue("k", k);
        }

        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        // Several statements answer in turn: the last one's row is the answer.
        while (reader.FieldCount < 2 && await reader.NextResultAsync(cancellationToken))
        {
        }

        return await reader.ReadAsync(cancellationToken) ? (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1))) : null;
    }
}

/// <summary>A seat pool: the table holding its waitlist counters and its id.</summary>
public readonly record struct Pool(string Table, Guid Id)
{
    public static Pool OfSession(Guid sessionId) => new("sessions", sessionId);

    public static Pool OfSeries(Guid experienceId) => new("experiences", experienceId);

    /// <summary>The advisory lock key of the pool's gate: the random half of its id (a collision only makes two pools share a gate).</summary>
    public long GateKey => BitConverter.ToInt64(Id.ToByteArray(), 8);
}
