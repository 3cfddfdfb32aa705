using Microsoft.EntityFrameworkCore;
using Platform.Partner.ClimateTeams;
using Platform.Partner.Contacts;
using Platform.Partner.Engagements;
using Platform.Partner.Experts;
using Platform.Partner.Interactions;
using Platform.Partner.Organizations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Partner.Data;

/// <summary>The Partner service's own database (partnerdb).</summary>
public sealed class PartnerDbContext(DbContextOptions<PartnerDbContext> options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<StageChange> StageChanges => Set<StageChange>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    public DbSet<ClimateTeam> ClimateTeams => Set<ClimateTeam>();

    public DbSet<Expert> Experts => Set<Expert>();

    public DbSet<Engagement> Engagements => Set<Engagement>();

    public DbSet<HourEntry> HourEntries => Set<HourEntry>();

    public DbSet<Interaction> Interactions => Set<Interaction>();

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
        modelBuilder.Entity<Contact>(contact =>
        {
            contact.ToTable("contacts");
            contact.Property(c => c.Name).HasMaxLength(200);
            contact.Property(c => c.Email).HasMaxLength(254);
            contact.Property(c => c.EmailKey).HasMaxLength(254);
            contact.Property(c => c.Role).HasMaxLength(100);
            contact.Property(c => c.Phone).HasMaxLength(40);
            contact.HasIndex(c => new { c.OrganizationId, c.EmailKey }).IsUnique();
            contact.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId);
        });
        modelBuilder.Entity<ConsentRecord>(consent =>
        {
            consent.ToTable("consent_records");
            consent.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(30);
            consent.Property(c => c.RecordedBy).HasMaxLength(200);
            consent.HasIndex(c => new { c.ContactId, c.Id });
            consent.HasOne<Contact>().WithMany().HasForeignKey(c => c.ContactId);
        });
        modelBuilder.Entity<ClimateTeam>(team =>
        {
            team.ToTable("climate_teams");
            team.Property(t => t.Name).HasMaxLength(200);
            team.Property(t => t.NameKey).HasMaxLength(200);
            team.Property(t => t.Version).IsConcurrencyToken();
            team.HasIndex(t => new { t.OrganizationId, t.NameKey }).IsUnique();
            team.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId);
            team.HasOne<Expert>().WithMany().HasForeignKey(t => t.CoachExpertId);
        });
        modelBuilder.Entity<Expert>(expert =>
        {
            expert.ToTable("experts");
            expert.Property(e => e.Name).HasMaxLength(200);
            expert.Property(e => e.Email).HasMaxLength(254);
            expert.Property(e => e.EmailKey).HasMaxLength(254);
            expert.Property(e => e.OrganizationName).HasMaxLength(200);
            expert.Property(e => e.DeactivationReason).HasMaxLength(1000);
            expert.HasIndex(e => e.EmailKey).IsUnique();
            expert.HasIndex(e => e.Themes).HasMethod("gin");
        });
        modelBuilder.Entity<Engagement>(engagement =>
        {
            engagement.ToTable("engagements");
            engagement.Property(e => e.Scope).HasMaxLength(1000);
            engagement.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
            engagement.Ignore(e => e.MonthlyLoad);
            engagement.HasIndex(e => new { e.ExpertId, e.Status });
            engagement.HasIndex(e => e.OrganizationId);
            engagement.HasOne<Expert>().WithMany().HasForeignKey(e => e.ExpertId);
            engagement.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId);
        });
        modelBuilder.Entity<HourEntry>(entry =>
        {
            entry.ToTable("hour_entries");
            entry.Property(h => h.Note).HasMaxLength(1000);
            entry.Property(h => h.LoggedBy).HasMaxLength(200);
            entry.HasIndex(h => h.EngagementId);
            entry.HasOne<Engagement>().WithMany().HasForeignKey(h => h.EngagementId);
        });
        modelBuilder.Entity<Interaction>(interaction =>
        {
            interaction.ToTable("interactions");
            interaction.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
            interaction.Property(i => i.Summary).HasMaxLength(4000);
            interaction.Property(i => i.LoggedBy).HasMaxLength(200);
            interaction.HasIndex(i => new { i.OrganizationId, i.OccurredAt });
            interaction.HasIndex(i => new { i.ExpertId, i.OccurredAt });
            // The to-do list reads only open follow-ups, oldest date first.
            interaction.HasIndex(i => new { i.FollowUpOn, i.Id }).HasFilter("\"FollowUpOn\" IS NOT NULL AND \"FollowUpDoneAt\" IS NULL");
            interaction.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId);
            interaction.HasOne<Expert>().WithMany().HasForeignKey(i => i.ExpertId);
            interaction.HasOne<Contact>().WithMany().HasForeignKey(i => i.ContactId);
        });
    }
}
