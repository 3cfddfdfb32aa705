using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Platform.Experience.Actions;
using Platform.Experience.Experiences;
using Platform.Experience.Feedback;
using Platform.Experience.Formats;
using Platform.Experience.Progress;
using Platform.Experience.Registrations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Experience.Data;

/// <summary>The Experience service's own database (experiencedb).</summary>
public sealed class ExperienceDbContext(DbContextOptions<ExperienceDbContext> options) : DbContext(options)
{
    public DbSet<FormatVersion> Formats => Set<FormatVersion>();

    public DbSet<Experiences.Experience> Experiences => Set<Experiences.Experience>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<Registration> Registrations => Set<Registration>();

    public DbSet<Attendance> Attendances => Set<Attendance>();

    public DbSet<SeatBucket> SeatBuckets => Set<SeatBucket>();

    public DbSet<StepRecord> StepRecords => Set<StepRecord>();

    public DbSet<MeetingReport> MeetingReports => Set<MeetingReport>();

    public DbSet<ClimateAction> Actions => Set<ClimateAction>();

    public DbSet<ParticipantFeedback> Feedback => Set<ParticipantFeedback>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox().AddIdempotentRequests();
        modelBuilder.Entity<FormatVersion>(format =>
        {
            format.ToTable("format_versions");
            format.HasKey(f => new { f.FormatId, f.Version });
            format.Property(f => f.Name).HasMaxLength(200);
            format.Property(f => f.NameKey).HasMaxLength(200);
            format.Property(f => f.Description).HasMaxLength(4000);
            format.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
            format.Property(f => f.RevisedBy).HasMaxLength(200);
            format.Property(f => f.Phases).HasColumnType("jsonb").HasConversion(
                phases => PhasesColumn.Write(phases),
                json => PhasesColumn.Read(json),
                new ValueComparer<List<PhaseDefinition>>((a, b) => PhasesColumn.Same(a, b), p => PhasesColumn.Hash(p), p => PhasesColumn.Snapshot(p)));
            format.Ignore(f => f.RegistersForSeries);
            format.HasIndex(f => f.NameKey);
        });
        modelBuilder.Entity<Experiences.Experience>(experience =>
        {
            experience.ToTable("experiences");
            experience.Property(e => e.Title).HasMaxLength(200);
            experience.Property(e => e.FormatName).HasMaxLength(200);
            experience.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
            experience.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
            experience.Property(e => e.Location).HasMaxLength(300);
            experience.Property(e => e.CancellationReason).HasMaxLength(1000);
            experience.HasIndex(e => e.HostPartnerIds).HasMethod("gin");
            experience.HasIndex(e => new { e.StartsAt, e.Id });
        });
        modelBuilder.Entity<Session>(session =>
        {
            session.ToTable("sessions");
            session.Property(s => s.Title).HasMaxLength(200);
            session.Property(s => s.TimeZone).HasMaxLength(100);
            session.Property(s => s.Location).HasMaxLength(300);
            session.Property(s => s.OnlineUrl).HasMaxLength(500);
            session.Ignore(s => s.Hours);
            session.HasIndex(s => new { s.ExperienceId, s.Sequence }).IsUnique();
            session.HasOne<Experiences.Experience>().WithMany().HasForeignKey(s => s.ExperienceId);
        });
        modelBuilder.Entity<Registration>(registration =>
        {
            registration.ToTable("registrations");
            registration.Property(r => r.ProfessionalId).HasMaxLength(64);
            registration.Property(r => r.FullName).HasMaxLength(200);
            registration.Property(r => r.Email).HasMaxLength(254);
            registration.Property(r => r.OrganizationName).HasMaxLength(200);
            registration.Property(r => r.Role).HasMaxLength(100);
            registration.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            // One open registration per professional per session or series; cancelled ones may repeat.
            registration.HasIndex(r => new { r.PoolId, r.ProfessionalId }).IsUnique().HasFilter("\"Status\" <> 'Cancelled'");
            // The first on the waitlist, quickly.
            registration.HasIndex(r => new { r.PoolId, r.WaitlistSequence }).HasFilter("\"Status\" = 'Waitlisted'");
            registration.HasIndex(r => new { r.ExperienceId, r.Id });
            // An erasure finds the person's registrations by it (Erasure/).
            registration.HasIndex(r => r.ProfessionalId);
            registration.HasOne<Experiences.Experience>().WithMany().HasForeignKey(r => r.ExperienceId);
            registration.HasOne<Session>().WithMany().HasForeignKey(r => r.SessionId);
        });
        modelBuilder.Entity<Attendance>(attendance =>
        {
            attendance.ToTable("attendances");
            attendance.HasKey(a => new { a.RegistrationId, a.SessionId });
            attendance.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            attendance.HasIndex(a => a.SessionId);
            attendance.HasOne<Registration>().WithMany().HasForeignKey(a => a.RegistrationId);
            attendance.HasOne<Session>().WithMany().HasForeignKey(a => a.SessionId);
        });
        modelBuilder.Entity<SeatBucket>(bucket =>
        {
            bucket.ToTable("seat_buckets");
            bucket.HasKey(b => new { b.PoolId, b.Number });
        });
        modelBuilder.Entity<StepRecord>(record =>
        {
            record.ToTable("step_records");
            record.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
            record.Property(r => r.SkipReason).HasMaxLength(1000);
            record.Property(r => r.RecordedBy).HasMaxLength(200);
            // A step is recorded once per experience.
            record.HasIndex(r => new { r.ExperienceId, r.PhaseNumber, r.StepNumber }).IsUnique();
            // The deviations list: skipped steps, newest first.
            record.HasIndex(r => r.Id).HasFilter("\"Outcome\" = 'Skipped'");
            record.HasOne<Experiences.Experience>().WithMany().HasForeignKey(r => r.ExperienceId);
        });
        modelBuilder.Entity<MeetingReport>(report =>
        {
            report.ToTable("meeting_reports");
            report.HasKey(r => r.SessionId);
            report.Property(r => r.Body).HasMaxLength(20_000);
            report.HasIndex(r => r.ExperienceId);
            report.HasOne<Session>().WithOne().HasForeignKey<MeetingReport>(r => r.SessionId);
        });
        modelBuilder.Entity<ClimateAction>(action =>
        {
            action.ToTable("actions");
            action.Property(a => a.Title).HasMaxLength(200);
            action.Property(a => a.Owner).HasMaxLength(200);
            action.Property(a => a.OwnerProfessionalId).HasMaxLength(64);
            action.Property(a => a.Theme).HasConversion<string>().HasMaxLength(20);
            action.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            action.Property(a => a.Version).IsConcurrencyToken();
            action.HasIndex(a => new { a.ExperienceId, a.DueOn, a.Id });
            action.HasIndex(a => new { a.PartnerId, a.DueOn, a.Id });
            // The overdue list: open work by deadline.
            action.HasIndex(a => new { a.DueOn, a.Id }).HasFilter("\"Status\" IN ('Open', 'InProgress')");
            // An erasure finds the actions a person owns by it; most have no owner with an e-mail.
            action.HasIndex(a => a.OwnerProfessionalId).HasFilter("\"OwnerProfessionalId\" IS NOT NULL");
            action.HasOne<Experiences.Experience>().WithMany().HasForeignKey(a => a.ExperienceId);
        });
        modelBuilder.Entity<ParticipantFeedback>(feedback =>
        {
            feedback.ToTable("feedback");
            feedback.Property(f => f.ProfessionalId).HasMaxLength(64);
            feedback.Property(f => f.FullName).HasMaxLength(200);
            feedback.Property(f => f.Comment).HasMaxLength(4000);
            feedback.HasIndex(f => new { f.ExperienceId, f.ProfessionalId }).IsUnique();
            // The list: newest first by the first submission (the id), which a revision keeps.
            feedback.HasIndex(f => new { f.ExperienceId, f.Id });
            // An erasure finds the person's feedback by it.
            feedback.HasIndex(f => f.ProfessionalId);
            feedback.HasOne<Experiences.Experience>().WithMany().HasForeignKey(f => f.ExperienceId);
        });
    }
}
