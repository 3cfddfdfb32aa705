using Microsoft.EntityFrameworkCore;
using Platform.Reporting.Actions;
using Platform.Reporting.Community;
using Platform.Reporting.Erasure;
using Platform.Reporting.Experiences;
using Platform.Reporting.Feedback;
using Platform.Reporting.Ingest;
using Platform.Reporting.Pipeline;
using Platform.Reporting.Reach;
using Platform.Reporting.Registrations;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Reporting.Data;

/// <summary>The Reporting service's own database (reportingdb): the journal of events taken in and the read models built from it.</summary>
public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    /// <summary>The read models a rebuild empties and fills again from the journal.</summary>
    public static readonly IReadOnlyList<string> ReadModelTables =
        ["figures", "reach_ledger", "attendances", "registrations", "feedback", "actions", "experiences", "organizations", "engagements", "members", "forum_activity"];

    public DbSet<JournalEntry> Journal => Set<JournalEntry>();

    public DbSet<Figure> Figures => Set<Figure>();

    public DbSet<ReachedProfessional> ReachLedger => Set<ReachedProfessional>();

    public DbSet<AttendanceRecord> Attendances => Set<AttendanceRecord>();

    public DbSet<RegistrationRecord> Registrations => Set<RegistrationRecord>();

    public DbSet<FeedbackRecord> Feedback => Set<FeedbackRecord>();

    public DbSet<ActionRecord> Actions => Set<ActionRecord>();

    public DbSet<ExperienceRecord> Experiences => Set<ExperienceRecord>();

    public DbSet<OrganizationRecord> Organizations => Set<OrganizationRecord>();

    public DbSet<EngagementRecord> Engagements => Set<EngagementRecord>();

    public DbSet<MemberRecord> Members => Set<MemberRecord>();

    public DbSet<ForumActivity> ForumActivity => Set<ForumActivity>();

    /// <summary>The suppression list; not a read model: a rebuild keeps it (the journal no longer holds the ids it hashes).</summary>
    public DbSet<ErasedProfessional> ErasedProfessionals => Set<ErasedProfessional>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<JournalEntry>(journal =>
        {
            journal.ToTable("journal");
            journal.HasKey(j => j.Sequence);
            journal.Property(j => j.Sequence).UseIdentityAlwaysColumn();
            journal.Property(j => j.Type).HasMaxLength(100);
            journal.Property(j => j.Body).HasColumnType("jsonb");
            journal.Property(j => j.ProfessionalId).HasMaxLength(64);
            journal.HasIndex(j => j.EventId).IsUnique();
            journal.HasIndex(j => j.ProfessionalId).HasFilter("\"ProfessionalId\" IS NOT NULL");
        });
        modelBuilder.Entity<Figure>(figure =>
        {
            figure.ToTable("figures");
            figure.HasKey(f => new { f.Metric, f.Dimension, f.Day, f.Stripe });
            figure.Property(f => f.Metric).HasMaxLength(40);
            // As long as the longest value a producer accepts for any dimension: a phase name (200 in the
            // Experience Manual); channels, themes, sectors, sources and kinds are names of at most 20.
            figure.Property(f => f.Dimension).HasMaxLength(200);
            figure.Property(f => f.Value).HasPrecision(20, 4);
        });
        modelBuilder.Entity<ReachedProfessional>(ledger =>
        {
            ledger.ToTable("reach_ledger");
            ledger.HasKey(r => r.ProfessionalId);
            ledger.Property(r => r.ProfessionalId).HasMaxLength(64);
            ledger.Property(r => r.Channel).HasMaxLength(20);
        });
        modelBuilder.Entity<AttendanceRecord>(attendance =>
        {
            attendance.ToTable("attendances");
            attendance.HasKey(a => new { a.RegistrationId, a.SessionId });
            attendance.Property(a => a.ProfessionalId).HasMaxLength(64);
            attendance.Property(a => a.Channel).HasMaxLength(20);
            attendance.Property(a => a.Hours).HasPrecision(12, 4);
            attendance.HasIndex(a => a.ExperienceId);
            attendance.HasIndex(a => a.ProfessionalId);
        });
        modelBuilder.Entity<RegistrationRecord>(registration =>
        {
            registration.ToTable("registrations");
            registration.HasKey(r => r.RegistrationId);
            registration.Property(r => r.ProfessionalId).HasMaxLength(64);
            registration.HasIndex(r => r.ExperienceId);
            registration.HasIndex(r => r.ProfessionalId);
        });
        modelBuilder.Entity<FeedbackRecord>(feedback =>
        {
            feedback.ToTable("feedback");
            feedback.HasKey(f => f.FeedbackId);
            feedback.Property(f => f.ExperienceKind).HasMaxLength(20);
            feedback.Property(f => f.ProfessionalId).HasMaxLength(64);
            feedback.Property(f => f.Comment).HasMaxLength(4000);
            feedback.HasIndex(f => f.ExperienceId);
            feedback.HasIndex(f => f.ProfessionalId);
        });
        modelBuilder.Entity<ActionRecord>(action =>
        {
            action.ToTable("actions");
            action.HasKey(a => a.ActionId);
            action.Property(a => a.Title).HasMaxLength(500);
            action.Property(a => a.Theme).HasMaxLength(20);
            action.Property(a => a.Status).HasMaxLength(20);
            action.Property(a => a.OwnerProfessionalId).HasMaxLength(64);
            action.HasIndex(a => a.PartnerId);
            action.HasIndex(a => a.ExperienceId);
            action.HasIndex(a => a.OwnerProfessionalId);
        });
        modelBuilder.Entity<ExperienceRecord>(experience =>
        {
            experience.ToTable("experiences");
            experience.HasKey(e => e.ExperienceId);
            experience.Property(e => e.Title).HasMaxLength(200);
            experience.Property(e => e.Kind).HasMaxLength(20);
            experience.Property(e => e.FormatName).HasMaxLength(200);
            experience.Property(e => e.Status).HasMaxLength(20);
            experience.HasIndex(e => e.HostPartnerIds).HasMethod("gin");
        });
        modelBuilder.Entity<OrganizationRecord>(organization =>
        {
            organization.ToTable("organizations");
            organization.HasKey(o => o.OrganizationId);
            organization.Property(o => o.Name).HasMaxLength(200);
            organization.Property(o => o.Sector).HasMaxLength(20);
            organization.Property(o => o.Stage).HasMaxLength(20);
            organization.Property(o => o.EnteredStage).HasMaxLength(20);
        });
        modelBuilder.Entity<EngagementRecord>(engagement =>
        {
            engagement.ToTable("engagements");
            engagement.HasKey(e => e.EngagementId);
            engagement.Property(e => e.PlannedHours).HasPrecision(12, 4);
            engagement.Property(e => e.LoggedHours).HasPrecision(12, 4);
            engagement.HasIndex(e => e.OrganizationId);
        });
        modelBuilder.Entity<MemberRecord>(member =>
        {
            member.ToTable("members");
            member.HasKey(m => m.MemberId);
            member.Property(m => m.ProfessionalId).HasMaxLength(64);
            member.HasIndex(m => m.ProfessionalId);
        });
        modelBuilder.Entity<ErasedProfessional>(erased =>
        {
            erased.ToTable("erased_professionals");
            erased.HasKey(e => e.Key);
            erased.Property(e => e.Key).HasMaxLength(64);
            erased.Property(e => e.Pseudonym).HasMaxLength(64);
        });
        modelBuilder.Entity<ForumActivity>(activity =>
        {
            activity.ToTable("forum_activity");
            activity.HasKey(a => new { a.MemberId, a.Day });
            activity.HasIndex(a => a.Day);
        });
    }
}
