using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Experience.Data;

namespace Platform.Experience.Registrations;

/// <summary>The outcome of asking for a seat: one, or a place on the waitlist.</summary>
public readonly record struct SeatOutcome(bool Seated, long WaitlistSequence, int WaitlistPosition);

/// <summary>
/// The seats of a pool (a session, or an experience for a series registration), changed inside
/// the caller's transaction. Seats sit in up to <see cref="SeatBucket.MaxPerPool"/> bucket rows:
/// a registration takes one from a bucket no one else is claiming (<c>SKIP LOCKED</c>), looks again
/// after a short pause while every bucket with room is being claimed, and is waitlisted only when
/// no bucket has room.
/// Row locks last until commit, so capacity is never exceeded. Registrations hold the pool's gate
/// shared and whatever frees a seat holds it exclusively, so "full" cannot change under a
/// registration deciding to waitlist; the waitlist keeps one ordered counter on the pool's row.
/// </summary>
public sealed class Seats(ExperienceDbContext db)
{
    // Takes a seat from a bucket with room that no one else is claiming, and says how many
    // buckets had room before (in the statement's snapshot): 0 means the pool is full.
    private const string Claim = """
        WITH f AS MATERIALIZED (SELECT "Number" FROM seat_buckets WHERE "PoolId" = @id AND "Taken" < "Capacity" LIMIT 1 FOR UPDATE SKIP LOCKED),
        u AS (UPDATE seat_buckets b SET "Taken" = b."Taken" + 1 FROM f WHERE b."PoolId" = @id AND b."Number" = f."Number" RETURNING 1)
        SELECT (SELECT count(*) FROM u), (SELECT count(*) FROM seat_buckets WHERE "PoolId" = @id AND "Taken" < "Capacity")
        """;

    private const string EnterGate = "SELECT pg_advisory_xact_lock_shared(@key);\n";

    private const string Release = """
        WITH f AS MATERIALIZED (SELECT "Number" FROM seat_buckets WHERE "PoolId" = @id AND "Taken" > 0 ORDER BY "Number" DESC LIMIT 1 FOR UPDATE)
        UPDATE seat_buckets b SET "Taken" = b."Taken" - 1 FROM f WHERE b."PoolId" = @id AND b."Number" = f."Number" RETURNING 0, 0
        """;

    /// <summary>A seat if the pool has one free, else the next waitlist place.</summary>
    public async Task<SeatOutcome> TakeAsync(Pool pool, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // The first attempt takes the gate in the same round trip.
            var (claimed, withRoom) = await ExecuteAsync(attempt == 1 ? EnterGate + Claim : Claim, pool, cancellationToken) ?? (0, 0);
            if (claimed == 1)
            {
                return new SeatOutcome(true, 0, 0);
            }

            if (withRoom == 0)
            {
                break;
            }

            // Every bucket with room is being claimed right now. Waiting on one of their row locks
            // could deadlock (a lock taken on a bucket found full is held to the end), so wait
            // without holding any and look again.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(attempt, 5)), cancellationToken);
        }

        var (sequence, position) = await ExecuteAsync(
            $"UPDATE {pool.Table} SET \"WaitlistedCount\" = \"WaitlistedCount\" + 1, \"WaitlistSequence\" = \"WaitlistSequence\" + 1 WHERE \"Id\" = @id RETURNING \"WaitlistSequence\", \"WaitlistedCount\"",
            pool,
            cancellationToken) ?? throw new InvalidOperationException($"Seat pool {pool.Id} vanished.");
        return new SeatOutcome(false, sequence, (int)position);
    }

    /// <summary>Closes the pool's gate and locks its counters until the transaction ends, before deciding who gets a freed seat.</summary>
    public async Task LockAsync(Pool pool, CancellationToken cancellationToken)
    {
        await ExecuteAsync("SELECT 0, 0 FROM pg_advisory_xact_lock(@key)", pool, cancellationToken);
        await ExecuteAsync($"SELECT 0, 0 FROM {pool.Table} WHERE \"Id\" = @id FOR UPDATE", pool, cancellationToken);
    }

    /// <summary>A seat holder left and nobody was waiting; the caller holds <see cref="LockAsync"/>.</summary>
    public Task ReleaseSeatAsync(Pool pool, CancellationToken cancellationToken) =>
        ExecuteAsync(Release, pool, cancellationToken);

    /// <summary>Someone left the waitlist (cancelled, or promoted to a freed seat).</summary>
    public Task LeaveWaitlistAsync(Pool pool, CancellationToken cancellationToken) =>
        ExecuteAsync($"UPDATE {pool.Table} SET \"WaitlistedCount\" = \"WaitlistedCount\" - 1 WHERE \"Id\" = @id RETURNING 0, 0", pool, cancellationToken);

    /// <summary>Seats taken in each of <paramref name="poolIds"/>.</summary>
    public async Task<SeatCounts> CountAsync(IReadOnlyCollection<Guid> poolIds, CancellationToken cancellationToken) =>
        new(await db.SeatBuckets.AsNoTracking()
            .Where(b => poolIds.Contains(b.PoolId))
            .GroupBy(b => b.PoolId)
            .Select(g => new { PoolId = g.Key, Taken = g.Sum(b => b.Taken) })
            .ToDictionaryAsync(x => x.PoolId, x => x.Taken, cancellationToken));

    private async Task<(long, long)?> ExecuteAsync(string sql, Pool pool, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Seats change only inside the registration's transaction.");
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("id", pool.Id);
        if (sql.Contains("@key", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("key", pool.GateKey);
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
