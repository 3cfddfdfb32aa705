using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Data;

/// <summary>
/// Forgets request ids after a day (a client retries within seconds or minutes, not days), so
/// the table stays small. Only in services whose DbContext maps <see cref="IdempotentRequest"/>.
/// </summary>
internal sealed partial class IdempotencyCleanup<TContext>(IServiceProvider services, NpgsqlDataSource dataSource, TimeProvider time, ILogger<IdempotencyCleanup<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            if (scope.ServiceProvider.GetRequiredService<TContext>().Model.FindEntityType(typeof(IdempotentRequest)) is null)
            {
                return;
            }
        }

        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await DeleteExpiredAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand($"DELETE FROM {IdempotencyModel.Table} WHERE received_at < now() - @retention");
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("retention", Retention));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            LogFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired request ids, trying again later: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
