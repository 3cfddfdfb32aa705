namespace Platform.Experience.Tests;

/// <summary>The Experience service's own database, read (and for a test's setup written) directly, as an operator could.</summary>
internal sealed class ExperienceDatabase(string connectionString)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Outbox rows, sent or not, whose event holds <paramref name="text"/> in any case.</summary>
    public async Task<long> OutboxRowsMentioningAsync(string text) =>
        (long)(await ScalarAsync("SELECT count(*) FROM outbox_messages WHERE strpos(lower(body), lower($1)) > 0", text))!;

    /// <summary>Outbox rows, sent or not, of events of type <paramref name="eventType"/> (e.g. <c>RegistrationCancelled</c>) of one aggregate.</summary>
    public async Task<long> OutboxEventsAsync(string aggregateId, string eventType) =>
        (long)(await ScalarAsync("SELECT count(*) FROM outbox_messages WHERE aggregate_id = $1 AND message_type LIKE 'Platform.Contracts.Events.' || $2 || ',%'", aggregateId, eventType))!;

    /// <summary>How many of the messages a consumer of the service took in (its inbox holds their ids).</summary>
    public async Task<long> ConsumedAsync(params Guid[] messageIds) =>
        (long)(await ScalarAsync("SELECT count(*) FROM inbox_messages WHERE message_id = ANY($1)", messageIds))!;

    /// <summary>
    /// Puts an event of a type this build does not know first in the aggregate's line: the relay
    /// holds the aggregate's later events back until it is gone (docs/messaging.md). Returns its sequence.
    /// </summary>
    public async Task<long> HoldBackAsync(string aggregateId) =>
        (long)(await ScalarAsync(
            "INSERT INTO outbox_messages (message_id, aggregate_id, message_type, body) VALUES (gen_random_uuid(), $1, 'Platform.Contracts.Events.NotInThisBuild, Platform.Contracts', '{}') RETURNING sequence",
            aggregateId))!;

    /// <summary>Takes away what <see cref="HoldBackAsync"/> put there: the aggregate's events go out.</summary>
    public async Task ReleaseAsync(long? sequence)
    {
        if (sequence is { } held)
        {
            await ScalarAsync("DELETE FROM outbox_messages WHERE sequence = $1", held);
        }
    }

    /// <summary>
    /// Runs <paramref name="sql"/> in a transaction left open: the row locks it takes are held, as
    /// by a call of the service that has not committed yet, until the holder is disposed (rolled back).
    /// </summary>
    public async Task<LockHolder> HoldAsync(string sql, object parameter)
    {
        var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        var transaction = await connection.BeginTransactionAsync(Cancel);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction) { Parameters = { new() { Value = parameter } } };
        await command.ExecuteNonQueryAsync(Cancel);
        return new LockHolder(connection, transaction);
    }

    /// <summary>Waits until <paramref name="count"/> sessions of the database wait for a lock, or <paramref name="done"/> finished without that (false then).</summary>
    public Task<bool> WaitersReachAsync(int count, Task done) => LockWaiters.ReachAsync(connectionString, count, done);

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new() { Value = parameter });
        }

        return await command.ExecuteScalarAsync(Cancel);
    }
}

/// <summary>An open transaction holding the locks it took, rolled back when disposed.</summary>
internal sealed class LockHolder(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
