using Microsoft.EntityFrameworkCore;
using Platform.Experience.Data;
using Platform.ServiceDefaults;

namespace Platform.Experience.Formats;

/// <summary>
/// At start (after the migrations), adds version 1 of each format the Manual ships with that the
/// database does not have yet. Revisions by the process manager are never touched; replicas
/// starting together insert each format once (the primary key decides).
/// </summary>
public sealed class ManualSeeder(IServiceScopeFactory scopes, NetworkCalendar calendar) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ExperienceDbContext>();
        var present = await db.Formats.Select(f => f.FormatId).Distinct().ToListAsync(cancellationToken);
        var missing = Manual.Formats.Where(f => !present.Contains(f.Id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        db.Formats.AddRange(missing.Select(f => FormatVersion.First(f.Id, f.Definition, "experience-manual", calendar.Now())));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica seeded at the same moment: what it inserted is the same data.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
