using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults.Grpc;

namespace Platform.ServiceDefaults.Data;

/// <summary>Saving the way every service's handlers save: the database's verdicts become the contract's errors.</summary>
public static class DbContextExtensions
{
    /// <summary>
    /// Saves the pending changes and events; a unique violation becomes <c>AlreadyExists</c> with
    /// <paramref name="alreadyExists"/>, a lost optimistic-concurrency race <c>Aborted</c> with
    /// <paramref name="concurrencyConflict"/>.
    /// </summary>
    public static async Task SaveOrRejectAsync(this DbContext db, string alreadyExists, string concurrencyConflict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException(concurrencyConflict);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new AlreadyExistsException(alreadyExists);
        }
    }

    /// <summary>
    /// Runs <paramref name="effect"/> in a transaction (the request id's, when one is open), so a
    /// row it locks with <c>FOR UPDATE</c> stays locked until its changes commit.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this DbContext db, Func<Task<T>> effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(effect);
        if (db.Database.CurrentTransaction is not null)
        {
            return await effect();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await effect();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
