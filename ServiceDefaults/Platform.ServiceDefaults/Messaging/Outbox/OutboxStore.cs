using Npgsql;
using NpgsqlTypes;
using OpenTelemetry;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>An unsent outbox row as the relay reads it.</summary>
internal sealed record PendingEvent(long Sequence, Guid MessageId, string AggregateId, string MessageType, string Body, string? TraceParent, string? TraceState);

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
    /// them in commit order, at most <c>@per_aggregate</c> per aggregate (one aggregate's events go
    /// out one after the other, so a long run of them would hold the whole batch back), and none
    /// whose aggregate has an earlier unsent row locked by another relay: publishing it now would
    /// overtake that earlier event.
    /// </summary>
    private const string LockBatchSql = $"""
        WITH batch AS (
            SELECT sequence, aggregate_id FROM {T}
            WHERE sent_at IS NULL
            ORDER BY sequence
            LIMIT @limit
            FOR UPDATE SKIP LOCKED),
        ranked AS (
            SELECT sequence, aggregate_id, row_number() OVER (PARTITION BY aggregate_id ORDER BY sequence) AS rank
            FROM batch)
        SELECT o.sequence, o.message_id, o.aggregate_id, o.message_type, o.body, o.trace_parent, o.trace_state
        FROM {T} o
        JOIN ranked r ON r.sequence = o.sequence
        WHERE r.rank <= @per_aggregate
          AND NOT EXISTS (
              SELECT 1 FROM {T} earlier
              WHERE earlier.aggregate_id = o.aggregate_id
                AND earlier.sent_at IS NULL
                AND earlier.sequence < o.sequence
                AND earlier.sequence NOT IN (SELECT sequence FROM batch))
        ORDER BY o.sequence
        """;

    /// <summary>Events of one aggregate published per batch (one after the other, each awaiting its confirm).</summary>
    private const int PerAggregate = 4;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        return await dataSource.OpenConnectionAsync(cancellationToken);
    }

    public static async Task<List<PendingEvent>> LockBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var command = new NpgsqlCommand(LockBatchSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        command.Parameters.Add(new NpgsqlParameter<int>("per_aggregate", PerAggregate));
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

    /// <summary>The age of the oldest unsent event; zero when everything is sent.</summary>
    public async Task<TimeSpan> LagAsync(CancellationToken cancellationToken)
    {
        using var untraced = SuppressInstrumentationScope.Begin();
        await using var command = dataSource.CreateCommand($"SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 FROM {T} WHERE sent_at IS NULL");
        var seconds = (double)(await command.ExecuteScalarAsync(cancellationToken))!;
        return TimeSpan.FromSeconds(Math.Max(0, seconds));
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
