using System.Diagnostics;

namespace Platform.Community;

/// <summary>
/// Work that comes due with time (scheduled news, approved social posts): done at start (so
/// whatever fell due while the service was down is done first) and then every interval, batch
/// after batch until none is due. The due work is read from the database, so a restart loses
/// nothing; a failure is logged and the work tried again at the next tick. The look for due work
/// runs untraced (<see cref="Platform.ServiceDefaults.Telemetry.Untraced"/>); work found is one
/// trace (<see cref="StartWork"/>).
/// </summary>
public abstract partial class DueWork(TimeProvider time, ILogger logger) : BackgroundService
{
    private static readonly ActivitySource Source = new("Platform.Community");

    protected abstract TimeSpan Interval { get; }

    /// <summary>Does one batch of due work; returns how many items it handled (0 when none was due).</summary>
    protected abstract Task<int> RunBatchAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    while (await RunBatchAsync(stoppingToken) > 0)
                    {
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, GetType().Name, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the due work stays in the database for the next start.
        }
    }

    /// <summary>The trace of a batch of due work, begun once the batch found some.</summary>
    protected static Activity? StartWork(string name) => Source.StartActivity(name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker} failed and tries again at the next tick: {Reason}")]
    private static partial void LogFailed(ILogger logger, string worker, string reason);
}
