using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;
using Microsoft.Extensions.Options;
using Platform.Community.Data;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.Community.News;

/// <summary>
/// Publishes scheduled items whose time has come. Rows are claimed with <c>FOR UPDATE SKIP
/// LOCKED</c>, so replicas share the work and an item is published once.
/// </summary>
public sealed class NewsScheduler(IServiceScopeFactory scopes, FeedCache feedCache, IOptions<NewsOptions> options, NetworkCalendar calendar, TimeProvider time, ILogger<NewsScheduler> logger)
    : DueWork(time, logger)
{
    private const int BatchSize = 20;

    protected override TimeSpan Interval => options.Value.SchedulerInterval;

    protected override async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CommunityDbContext>();
        await using var transaction = await db.BeginAllOrNothingAsync(cancellationToken);
        var now = calendar.Now();
        var due = await Untraced.RunAsync(() => db.NewsItems
            .FromSql($"SELECT * FROM news_items WHERE \"Status\" = 'Scheduled' AND \"PublishAt\" <= {now} ORDER BY \"PublishAt\" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken));
        if (due.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        using var work = StartWork("publish scheduled news");
        foreach (var item in due)
        {
            NewsPublishing.Publish(db, item, options.Value, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await feedCache.InvalidateAsync();
        return due.Count;
    }
}
