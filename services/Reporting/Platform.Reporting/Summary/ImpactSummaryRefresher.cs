using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Redis;
using Platform.ServiceDefaults.Telemetry;
using StackExchange.Redis;

namespace Platform.Reporting.Summary;

/// <summary>The <c>Reporting</c> configuration section.</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>The summary is computed again this often even without a change (the date moves on; a missed announcement).</summary>
    public TimeSpan SummaryRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// After a change, the refresher waits this long to take the rest of a burst in at once: under
    /// heavy ingest the summary is computed at most about four times a second, well within the
    /// second a watcher may wait.
    /// </summary>
    public TimeSpan SummaryCoalesce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The secret (hex, 32 bytes) under which erased professionals are listed (docs/reporting.md, "Erasure");
    /// from the installation's secret store. Unset: the key reportingdb was given at creation. Never change it.
    /// </summary>
    public string? ErasureKey { get; set; }
}

/// <summary>
/// Keeps this replica's summary fresh: listens for changes announced on Redis by any replica (and
/// its own consumers), waits <see cref="ReportingOptions.SummaryCoalesce"/> to take a burst in at once, then
/// computes the summary again.
/// </summary>
public sealed partial class ImpactSummaryRefresher(
    FigureChanges changes,
    ImpactSummaryCache cache,
    IConnectionMultiplexer redis,
    IOptions<ReportingOptions> options,
    ILogger<ImpactSummaryRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SubscribeAsync();
        var announcing = changes.AnnounceAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Every few seconds, whether or not anything changed: untraced, like any poll.
                await Untraced.RunAsync(() => cache.RefreshAsync(stoppingToken));
                await changes.WaitAsync(options.Value.SummaryRefreshInterval, stoppingToken);
                await Task.Delay(options.Value.SummaryCoalesce, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await announcing.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task SubscribeAsync()
    {
        try
        {
            // The multiplexer subscribes again by itself after a reconnect.
            await redis.GetSubscriber().SubscribeAsync(FigureChanges.Channel, (_, _) => changes.ChangedElsewhere());
        }
        catch (Exception ex) when (ex.IsRedisFailure())
        {
            LogSubscribeFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Computing the impact summary failed; trying again")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to figure changes on Redis; the summary refreshes on its interval meanwhile: {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);
}
