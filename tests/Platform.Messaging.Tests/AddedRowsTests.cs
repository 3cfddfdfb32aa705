using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Messaging.Probe;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Messaging.Tests;

/// <summary>Rows and their events written many at a time (<c>InsertAddedOrRejectAsync</c>) against real PostgreSQL and RabbitMQ.</summary>
[Collection(MessagingServers.Name)]
public sealed class AddedRowsTests(MessagingFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fifty_changes_written_at_once_are_stored_as_made_and_their_events_arrive_in_order()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var aggregate = "bulk-" + Guid.NewGuid().ToString("N")[..8];
        var values = Enumerable.Range(1, 50).Select(i => $"value {i} with 'quotes', \"double\" and ümlauts").ToList();

        await using (var scope = probe.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
            await using var transaction = await db.BeginAllOrNothingAsync(Cancel);
            foreach (var value in values)
            {
                ProbeChanges.Make(db, aggregate, value, TimeProvider.System);
            }

            await db.InsertAddedOrRejectAsync("never", Cancel);
            Assert.Empty(db.ChangeTracker.Entries());
            await transaction.CommitAsync(Cancel);
        }

        var stored = await probe.QueryAsync(db => db.Changes.Where(c => c.AggregateId == aggregate).Select(c => c.Value).ToListAsync(Cancel));
        Assert.Equal(values.Order(), stored.Order());
        // The database numbered the outbox rows in the order they were added, and the relay, woken
        // by the commit, published them in that order.
        var effects = await Eventually.ReachesAsync(() => probe.EffectsAsync(aggregate), e => e.Count >= 50, TimeSpan.FromSeconds(15));
        Assert.Equal(values, effects.Select(e => e.Value));
    }

    [Fact]
    public async Task A_duplicate_among_rows_written_at_once_is_AlreadyExists_and_none_of_them_is_kept()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var aggregate = "dup-" + Guid.NewGuid().ToString("N")[..8];
        var first = (await probe.ChangeAsync(aggregate, "first")).ChangeId;

        await using (var scope = probe.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
            await using var transaction = await db.BeginAllOrNothingAsync(Cancel);
            db.Changes.Add(new Change { Id = Guid.CreateVersion7(), AggregateId = aggregate, Value = "new" });
            db.Changes.Add(new Change { Id = first, AggregateId = aggregate, Value = "again" });
            var refused = await Assert.ThrowsAsync<AlreadyExistsException>(() => db.InsertAddedOrRejectAsync("That change was already made.", Cancel));
            Assert.Equal("That change was already made.", refused.Message);
        }

        var stored = await probe.QueryAsync(db => db.Changes.Where(c => c.AggregateId == aggregate).Select(c => c.Value).ToListAsync(Cancel));
        Assert.Equal(["first"], stored);
    }

    [Fact]
    public async Task A_value_too_long_for_its_column_is_refused_not_cut()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var tooLong = new string('x', 201);

        await using var scope = probe.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
        await using (var transaction = await db.BeginAllOrNothingAsync(Cancel))
        {
            db.Changes.Add(new Change { Id = Guid.CreateVersion7(), AggregateId = tooLong, Value = "v" });
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.InsertAddedOrRejectAsync("never", Cancel));
            Assert.Equal(PostgresErrorCodes.StringDataRightTruncation, refused.SqlState);
        }

        Assert.False(await probe.QueryAsync(d => d.Changes.AnyAsync(c => c.AggregateId.StartsWith("xxxx"), Cancel)));
    }

    [Fact]
    public async Task Changes_other_than_additions_are_not_written_in_bulk()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        var aggregate = "mixed-" + Guid.NewGuid().ToString("N")[..8];
        await probe.ChangeAsync(aggregate, "first");

        await using var scope = probe.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
        var existing = await db.Changes.SingleAsync(c => c.AggregateId == aggregate, Cancel);
        db.Remove(existing);
        db.Changes.Add(new Change { Id = Guid.CreateVersion7(), AggregateId = aggregate, Value = "second" });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.InsertAddedOrRejectAsync("never", Cancel));
        Assert.Contains("Deleted", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["first"], await probe.QueryAsync(d => d.Changes.Where(c => c.AggregateId == aggregate).Select(c => c.Value).ToListAsync(Cancel)));
    }
}
