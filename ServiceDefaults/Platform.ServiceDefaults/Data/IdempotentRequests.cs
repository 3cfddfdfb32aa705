using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;

namespace Platform.ServiceDefaults.Data;

/// <summary>A mutation's <c>request_id</c> as remembered with its response, in the same transaction as its effect.</summary>
public sealed class IdempotentRequest
{
    /// <summary>The caller (token subject, its "%" and "/" percent-encoded), "/" and its request id: two callers never share one.</summary>
    public required string Key { get; init; }

    public required string Operation { get; init; }

    public byte[]? Response { get; set; }

    public DateTimeOffset ReceivedAt { get; private set; }
}

/// <summary>
/// Runs a mutation in one transaction, and at most once per (caller, request id, operation): the
/// id is inserted in the same transaction as the effect, with the response, so a retry gets the
/// first response back and a concurrent retry waits for the first one and then reads it. A row
/// the effect locks with <c>FOR UPDATE</c> stays locked until the effect's changes commit.
/// </summary>
public sealed class IdempotentRequests<TContext>(TContext db)
    where TContext : DbContext
{
    private const string ClaimSql = "INSERT INTO " + IdempotencyModel.Table + " (key, operation) VALUES ({0}, {1}) ON CONFLICT DO NOTHING";
    private const string RecordSql = "UPDATE " + IdempotencyModel.Table + " SET response = {0} WHERE key = {1} AND operation = {2}";

    /// <summary>
    /// Runs <paramref name="effect"/> in a transaction; with a request id, once. The effect saves
    /// its changes (and events) inside this method's transaction.
    /// </summary>
    public async Task<TResponse> RunOnceAsync<TResponse>(string caller, string? requestId, string operation, Func<CancellationToken, Task<TResponse>> effect, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(effect);
        await using var transaction = await db.BeginAllOrNothingAsync(cancellationToken);
        if (string.IsNullOrEmpty(requestId))
        {
            var result = await effect(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }

        var key = KeyOf(caller, requestId);
        if (await db.Database.ExecuteSqlRawAsync(ClaimSql, [key, operation], cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var stored = await db.Set<IdempotentRequest>().AsNoTracking()
                .Where(r => r.Key == key && r.Operation == operation)
                .Select(r => r.Response)
                .SingleAsync(cancellationToken);
            var first = new TResponse();
            first.MergeFrom(stored);
            return first;
        }

        var response = await effect(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(RecordSql, [response.ToByteArray(), key, operation], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return response;
    }

    /// <summary>
    /// The caller and its request id, joined by "/". The caller's own "%" and "/" are
    /// percent-encoded first, so the first "/" ends the caller and no two (caller, request id)
    /// pairs share a key: joined as given, "a/b" asking "c" and "a" asking "b/c" were both
    /// "a/b/c", and one received the other's reply. A caller without either character keeps
    /// the key it always had, so replies stored before this change are still found. A key longer
    /// than the column (a caller with many "/", three characters each once encoded) is kept as its
    /// SHA-256 instead, which holds no "/" and so meets no joined key.
    /// </summary>
    internal static string KeyOf(string caller, string requestId)
    {
        var key = caller.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal) + "/" + requestId;
        return key.Length <= IdempotencyModel.KeyLength
            ? key
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}

/// <summary>The table behind <see cref="IdempotentRequests{TContext}"/>.</summary>
public static class IdempotencyModel
{
    public const string Table = "idempotent_requests";

    /// <summary>The longest key the table holds.</summary>
    public const int KeyLength = 400;

    /// <summary>
    /// Empties the stored replies whose bytes hold <paramref name="mentioning"/> (ids travel as text
    /// in the protobuf), for an erasure: a retry of such a request then gets an empty answer and is
    /// not done again. In the caller's transaction.
    /// </summary>
    public static Task<int> ForgetRepliesMentioningAsync(this DbContext db, string mentioning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlAsync(
            $"UPDATE idempotent_requests SET response = ''::bytea WHERE position(convert_to({mentioning}, 'UTF8') in response) > 0",
            cancellationToken);
    }

    /// <summary>Call from <c>OnModelCreating</c> of a service whose mutations take a <c>request_id</c>.</summary>
    public static ModelBuilder AddIdempotentRequests(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<IdempotentRequest>(request =>
        {
            request.ToTable(Table);
            request.HasKey(r => new { r.Key, r.Operation });
            request.Property(r => r.Key).HasColumnName("key").HasMaxLength(KeyLength);
            request.Property(r => r.Operation).HasColumnName("operation").HasMaxLength(100);
            request.Property(r => r.Response).HasColumnName("response");
            request.Property(r => r.ReceivedAt).HasColumnName("received_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
            request.HasIndex(r => r.ReceivedAt);
        });
        return modelBuilder;
    }
}
