using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.ServiceDefaults.Grpc;

namespace Platform.ServiceDefaults.Data;

/// <summary>Saving the way every service's handlers save: the database's verdicts become the contract's errors.</summary>
public static class DbContextExtensions
{
    /// <summary>
    /// Begins a transaction that commits whole or not at all: no statement's failure is ever
    /// recovered from inside it, so EF Core's automatic savepoints (one more round trip to the
    /// database before every <c>SaveChanges</c> in the transaction) are turned off.
    /// </summary>
    public static Task<IDbContextTransaction> BeginAllOrNothingAsync(this DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.Database.AutoSavepointsEnabled = false;
        return db.Database.BeginTransactionAsync(cancellationToken);
    }

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
    /// Writes the rows the context has added, many at a time (<see cref="AddedRows"/>): for
    /// changes that are all additions, in numbers. A unique violation becomes <c>AlreadyExists</c>
    /// with <paramref name="alreadyExists"/>.
    /// </summary>
    public static async Task InsertAddedOrRejectAsync(this DbContext db, string alreadyExists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await AddedRows.InsertAsync(db, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new AlreadyExistsException(alreadyExists);
        }
    }
}
