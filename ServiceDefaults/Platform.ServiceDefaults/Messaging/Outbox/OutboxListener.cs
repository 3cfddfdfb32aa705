using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Keeps one connection <c>LISTEN</c>ing on the outbox channel and wakes the relay on every
/// commit that wrote events. Reconnects with back-off; the relay's poll covers the gaps.
/// </summary>
internal sealed partial class OutboxListener(OutboxStore store, OutboxSignal signal, ILogger<OutboxListener> logger) : BackgroundService
{
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {MessagingModel.OutboxChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Anything committed while nobody listened.
                signal.Notify();
                backoff.Reset();
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(IdleCheck, stoppingToken))
                    {
                        // A quiet half-open connection would wait forever: prove it is alive.
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
            {
                var delay = backoff.Next();
                LogListenFailed(logger, delay.TotalSeconds, ex.Message);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox notifications unavailable, the relay polls meanwhile; listening again in {Seconds:0.#} s: {Reason}")]
    private static partial void LogListenFailed(ILogger logger, double seconds, string reason);
}
