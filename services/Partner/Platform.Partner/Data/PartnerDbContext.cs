using Microsoft.EntityFrameworkCore;
using Platform.Partner.Organizations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Partner.Data;

/// <summary>The Partner service's own database (partnerdb).</summary>
public sealed class PartnerDbContext(DbContextOptions<PartnerDbContext> options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<StageChange> StageChanges => Set<StageChange>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox().AddIdempotentRequests();
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.Entity<Organization>(organization =>
        {
            organization.ToTable("organizations");
            organization.Property(o => o.Name).HasMaxLength(200);
            organization.Property(o => o.UniqueKey).HasMaxLength(302);
            organization.Property(o => o.Region).HasMaxLength(100);
            organization.Property(o => o.Website).HasMaxLength(500);
            organization.Property(o => o.Sector).HasConversion<string>().HasMaxLength(20);
            organization.Property(o => o.Stage).HasConversion<string>().HasMaxLength(20);
            organization.Property(o => o.Version).IsConcurrencyToken();
            organization.HasIndex(o => o.UniqueKey).IsUnique();
            // Text search in names (ILIKE '%text%') over many rows.
            organization.HasIndex(o => o.Name).HasMethod("gin").HasOperators("gin_trgm_ops");
            organization.HasIndex(o => new { o.Stage, o.Id });
        });
        modelBuilder.Entity<StageChange>(change =>
        {
            change.ToTable("stage_changes");
            change.Property(c => c.FromStage).HasConversion<string>().HasMaxLength(20);
            change.Property(c => c.ToStage).HasConversion<string>().HasMaxLength(20);
            change.Property(c => c.ChangedBy).HasMaxLength(200);
            change.Property(c => c.Reason).HasMaxLength(1000);
            change.HasIndex(c => c.OrganizationId);
        });
    }
}
