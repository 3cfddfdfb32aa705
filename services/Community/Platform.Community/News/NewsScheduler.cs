using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Data;
using Microsoft.Extensions.Options;
using Platform.Community.Data;
using Platform.ServiceDefaults;

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
        var due = await db.NewsItems
            .FromSql($"SELECT * FROM news_items WHERE \"Status\" = 'Scheduled' AND \"PublishAt\" <= {now} ORDER BY \"PublishAt\" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        foreach (var item in due)
        {
            NewsPublishing.Publish(db, item, options.Value, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (due.Count > 0)
        {
            await feedCache.InvalidateAsync();
        }

        return due.Count;
    }
}
