using Npgsql;

namespace Platform.Tests.Shared;

/// <summary>
/// How a race test knows a call of the service is held up exactly where it means to hold it: the
/// sessions of the service's database that wait for a lock another transaction holds.
/// </summary>
internal static class LockWaiters
{
    /// <summary>
    /// Waits until <paramref name="count"/> sessions of the database wait for a lock, or
    /// <paramref name="unless"/> finished without that (false then); fails after 20 s.
    /// </summary>
    public static async Task<bool> ReachAsync(string connectionString, int count, Task? unless = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (unless is not { IsCompleted: true })
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0", connection);
                var waiting = (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
                if (waiting >= count)
                {
                    return true;
                }

                Assert.True(DateTime.UtcNow < deadline, $"{waiting} of {count} sessions waited for a lock within 20 s");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return false;
    }
}
