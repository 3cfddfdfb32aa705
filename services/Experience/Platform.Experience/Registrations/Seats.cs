using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Experience.Data;

namespace Platform.Experience.Registrations;

/// <summary>The outcome of asking for a seat: one, or a place on the waitlist.</summary>
public readonly record struct SeatOutcome(bool Seated, long WaitlistSequence, int WaitlistPosition);

/// <summary>
/// The seat counters of a pool (a session, or an experience for a series registration), changed
/// with single-row updates inside the caller's transaction. The row lock an update takes is held
/// until commit, so concurrent registrations for one pool queue on it: capacity is never
/// exceeded and waitlist places are handed out in the order the registrations got the lock.
/// </summary>
public sealed class Seats(ExperienceDbContext db)
{
    /// <summary>A seat if the pool has one free, else the next waitlist place.</summary>
    public async Task<SeatOutcome> TakeAsync(Pool pool, CancellationToken cancellationToken)
    {
        var seated = await ExecuteAsync(
            $"UPDATE {pool.Table} SET \"RegisteredCount\" = \"RegisteredCount\" + 1 WHERE \"Id\" = @id AND \"RegisteredCount\" < \"Capacity\" RETURNING 0, 0",
            pool.Id,
            cancellationToken);
        if (seated is not null)
        {
            return new SeatOutcome(true, 0, 0);
        }

        var (sequence, position) = await ExecuteAsync(
            $"UPDATE {pool.Table} SET \"WaitlistedCount\" = \"WaitlistedCount\" + 1, \"WaitlistSequence\" = \"WaitlistSequence\" + 1 WHERE \"Id\" = @id RETURNING \"WaitlistSequence\", \"WaitlistedCount\"",
            pool.Id,
            cancellationToken) ?? throw new InvalidOperationException($"Seat pool {pool.Id} vanished.");
        return new SeatOutcome(false, sequence, (int)position);
    }

    /// <summary>Locks the pool's counters until the transaction ends, before deciding who gets a freed seat.</summary>
    public Task LockAsync(Pool pool, CancellationToken cancellationToken) =>
        ExecuteAsync($"SELECT 0, 0 FROM {pool.Table} WHERE \"Id\" = @id FOR UPDATE", pool.Id, cancellationToken);

    /// <summary>A seat holder left and nobody was waiting.</summary>
    public Task ReleaseSeatAsync(Pool pool, CancellationToken cancellationToken) =>
        ExecuteAsync($"UPDATE {pool.Table} SET \"RegisteredCount\" = \"RegisteredCount\" - 1 WHERE \"Id\" = @id RETURNING 0, 0", pool.Id, cancellationToken);

    /// <summary>Someone left the waitlist (cancelled, or promoted to a freed seat).</summary>
    public Task LeaveWaitlistAsync(Pool pool, CancellationToken cancellationToken) =>
        ExecuteAsync($"UPDATE {pool.Table} SET \"WaitlistedCount\" = \"WaitlistedCount\" - 1 WHERE \"Id\" = @id RETURNING 0, 0", pool.Id, cancellationToken);

    private async Task<(long, long)?> ExecuteAsync(string sql, Guid id, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Seat counters change only inside the registration's transaction.");
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction);
        command.Parameters.AddWithValue("id", id);
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1))) : null;
    }
}

/// <summary>A seat pool: the table holding its counters and its id.</summary>
public readonly record struct Pool(string Table, Guid Id)
{
    public static Pool OfSession(Guid sessionId) => new("sessions", sessionId);

    public static Pool OfSeries(Guid experienceId) => new("experiences", experienceId);
}
