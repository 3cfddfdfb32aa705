using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Messaging.Probe;

/// <summary>A change a request made; its event goes through the outbox.</summary>
public sealed class Change
{
    public required Guid Id { get; init; }

    public required string AggregateId { get; init; }

    public required string Value { get; init; }
}

/// <summary>What the consumer did for one event: the effect the tests count.</summary>
public sealed class Effect
{
    public long Id { get; private set; }

    public required Guid ChangeId { get; init; }

    public required string AggregateId { get; init; }

    public required string Value { get; init; }

    /// <summary>The trace the consumer ran in.</summary>
    public string? TraceId { get; init; }
}

public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : DbContext(options)
{
    public DbSet<Change> Changes => Set<Change>();

    public DbSet<Effect> Effects => Set<Effect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<Change>(change =>
        {
            change.ToTable("changes");
            change.Property(c => c.AggregateId).HasMaxLength(200);
        });
        modelBuilder.Entity<Effect>(effect =>
        {
            effect.ToTable("effects");
            effect.Property(e => e.AggregateId).HasMaxLength(200);
            effect.HasIndex(e => e.ChangeId);
        });
    }
}
