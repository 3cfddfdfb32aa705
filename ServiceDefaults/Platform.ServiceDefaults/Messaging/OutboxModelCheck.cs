using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>Refuses to start a service whose DbContext forgot the outbox and inbox tables (events would have nowhere to go).</summary>
internal sealed class OutboxModelCheck<TContext>(IServiceProvider services) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (db.Model.FindEntityType(typeof(OutboxMessage)) is null || db.Model.FindEntityType(typeof(Inbox.InboxMessage)) is null)
        {
            throw new InvalidOperationException($"{typeof(TContext).Name} does not map the outbox and inbox: call modelBuilder.AddOutboxAndInbox() in OnModelCreating and add a migration for them.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
