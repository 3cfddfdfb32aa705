using Npgsql;
using NpgsqlTypes;
using OpenTelemetry;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>An unsent outbox row as the relay reads it.</summary>
internal sealed record PendingEvent(long Sequence, Guid MessageId, string AggregateId, string MessageType, string Body, string? TraceParent, string? TraceState);

/// <summary>The first unsent outbox row and its age: the outbox's lag.</summary>
internal sealed record OldestUnsent(long Sequence, string AggregateId, string MessageType, TimeSpan Age);

/// <summary>
/// The relay's SQL on the outbox table, through the service's data source. None of it is traced:
/// the relay polls and reads its lag every second, and each query would be a trace of its own,
/// several a second across the services, burying the traces of real work in the dashboard and
/// filling its store (docs/service-defaults.md, "Telemetry"). What the relay publishes is traced,
/// in the trace of the request that stored the event.
/// </summary>
internal sealed class OutboxStore(NpgsqlDataSource dataSource)
{
    private const string T = MessagingModel.OutboxTable;

    /// <summary>
    /// Locks the next unsent rows no other relay holds (<c>FOR UPDATE SKIP LOCKED</c>) and returns
    /// them in commit order: at most <c>@per_aggregate</c> per aggregate (one aggregate's events go
    /// out one after the other, so a long run of them would hold the whole batch back), none of the
    /// aggregates held back (<c>@held</c>: their next event failed to publish), and none whose
    /// aggregate has an earlier unsent row locked by another relay (publishing it now would overtake
    /// that earlier event). The cap applies before the limit, over the first <c>@look_ahead</c>
    /// unsent rows: a long run of one aggregate at the head leaves room for the others behind it.
    /// Looking further would cost a scan of every unsent row per batch (430 ms per batch with a
    /// million unsent rows, measured on PostgreSQL 15; 4 ms with this look-ahead of 2,000).
    /// </summary>
    private const string LockBatchSql = $"""
        WITH head AS (
            SELECT sequence, aggregate_id FROM {T}
            WHERE sent_at IS NULL AND aggregate_id <> ALL(@held)
            ORDER BY sequence
            LIMIT @look_ahead),
        capped AS (
            SELECT sequence FROM (
                SELECT sequence, row_number() OVER (PARTITION BY aggregate_id ORDER BY sequence) AS rank FROM head) ranked
            WHERE rank <= @per_aggregate
            ORDER BY sequence
            LIMIT @limit),
        batch AS (
            SELECT sequence FROM {T}
            WHERE sequence IN (SELECT sequence FROM capped) AND sent_at IS NULL
            FOR UPDATE SKIP LOCKED)
        SELECT o.sequence, o.message_id, o.aggregate_id, o.message_type, o.body, o.trace_parent, o.trace_state
        FROM {T} o
        JOIN batch b ON b.sequence = o.sequence
        WHERE NOT EXISTS (
              SELECT 1 FROM {T} earlier
              WHERE earlier.aggregate_id = o.aggregate_id
                AND earlier.sent_at IS NULL
                AND earlier.sequence < o.sequence
                AND earlier.sequence NOT IN (SELECT sequence FROM batch))
        ORDER BY o.sequence
        """;

    /// <summary>Events of one aggregate published per batch (one after the other, each awaiting its confirm).</summary>
    private const int PerAggregate = 4;

    /// <summary>Unsent rows looked at per batch, as a multiple of the batch size.</summary>
    private const int LookAhead = 10;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        return await dataSource.OpenConnectionAsync(cancellationToken);
    }

    public static async Task<List<PendingEvent>> LockBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, string[] heldBack, CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var command = new NpgsqlCommand(LockBatchSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        command.Parameters.Add(new NpgsqlParameter<int>("per_aggregate", PerAggregate));
        command.Parameters.Add(new NpgsqlParameter<int>("look_ahead", limit * LookAhead));
        command.Parameters.Add(new NpgsqlParameter<string[]>("held", heldBack));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var batch = new List<PendingEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            batch.Add(new PendingEvent(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return batch;
    }

    public static async Task MarkSentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var command = new NpgsqlCommand($"UPDATE {T} SET sent_at = now() WHERE sequence = ANY(@sequences)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = sequences.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The first unsent event (the oldest, give or take the length of a transaction: rows are
    /// numbered at insert and stamped with their transaction's start), found through the unsent
    /// index; null when everything is sent.
    /// </summary>
    public async Task<OldestUnsent?> OldestUnsentAsync(CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var command = dataSource.CreateCommand(
            $"SELECT sequence, aggregate_id, message_type, EXTRACT(EPOCH FROM now() - created_at)::float8 FROM {T} WHERE sent_at IS NULL ORDER BY sequence LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OldestUnsent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(3))))
            : null;
    }

    /// <summary>Deletes sent outbox rows and remembered inbox ids past their retention.</summary>
    public async Task<int> DeleteExpiredAsync(TimeSpan outboxRetention, TimeSpan inboxRetention, CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var batch = dataSource.CreateBatch();
        var outbox = new NpgsqlBatchCommand($"DELETE FROM {T} WHERE sent_at < now() - @retention");
        outbox.Parameters.Add(new NpgsqlParameter<TimeSpan>("retention", outboxRetention));
        var inbox = new NpgsqlBatchCommand($"DELETE FROM {MessagingModel.InboxTable} WHERE received_at < now() - @retention");
        inbox.Parameters.Add(new NpgsqlParameter<TimeSpan>("retention", inboxRetention));
        batch.BatchCommands.Add(outbox);
        batch.BatchCommands.Add(inbox);
        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
