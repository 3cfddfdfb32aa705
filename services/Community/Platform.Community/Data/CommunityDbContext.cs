using Microsoft.EntityFrameworkCore;
using Platform.Community.Forum;
using Platform.Community.Groups;
using Platform.Community.Members;
using Platform.Community.News;
using Platform.Community.Social;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Community.Data;

/// <summary>The Community service's own database (communitydb).</summary>
public sealed class CommunityDbContext(DbContextOptions<CommunityDbContext> options) : DbContext(options)
{
    public DbSet<Member> Members => Set<Member>();

    public DbSet<ExperienceParticipant> Participants => Set<ExperienceParticipant>();

    public DbSet<CancelledRegistration> CancelledRegistrations => Set<CancelledRegistration>();

    public DbSet<ErasedProfessional> ErasedProfessionals => Set<ErasedProfessional>();

    public DbSet<NewsItem> NewsItems => Set<NewsItem>();

    public DbSet<SocialPost> SocialPosts => Set<SocialPost>();

    public DbSet<Space> Spaces => Set<Space>();

    public DbSet<ForumThread> Threads => Set<ForumThread>();

    public DbSet<ForumPost> Posts => Set<ForumPost>();

    public DbSet<Group> Groups => Set<Group>();

    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox().AddIdempotentRequests();
        modelBuilder.Entity<Member>(member =>
        {
            member.ToTable("members");
            member.Property(m => m.ProfessionalId).HasMaxLength(64);
            member.Property(m => m.FullName).HasMaxLength(200);
            member.Property(m => m.Email).HasMaxLength(254);
            member.Property(m => m.OrganizationName).HasMaxLength(200);
            member.Property(m => m.Role).HasMaxLength(100);
            member.Property(m => m.Source).HasConversion<string>().HasMaxLength(20);
            member.Property(m => m.Version).IsConcurrencyToken();
            // One member per professional; erased members have none.
            member.HasIndex(m => m.ProfessionalId).IsUnique();
            // An experience's participants by name, in keyset pages (ListParticipants).
            member.HasIndex(m => new { m.FullName, m.Id }).HasFilter("\"ErasedAt\" IS NULL");
        });
        modelBuilder.Entity<ExperienceParticipant>(participant =>
        {
            participant.ToTable("experience_participants");
            participant.HasKey(p => p.RegistrationId);
            participant.Property(p => p.Role).HasMaxLength(100);
            participant.HasIndex(p => new { p.ExperienceId, p.MemberId });
            participant.HasIndex(p => p.MemberId);
        });
        modelBuilder.Entity<CancelledRegistration>(cancelled =>
        {
            cancelled.ToTable("cancelled_registrations");
            cancelled.HasKey(c => c.RegistrationId);
        });
        modelBuilder.Entity<ErasedProfessional>(erased =>
        {
            erased.ToTable("erased_professionals");
            erased.HasKey(e => e.ProfessionalId);
            erased.Property(e => e.ProfessionalId).HasMaxLength(64);
        });
        modelBuilder.Entity<NewsItem>(item =>
        {
            item.ToTable("news_items");
            item.Property(i => i.Title).HasMaxLength(200);
            item.Property(i => i.Summary).HasMaxLength(1000);
            item.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
            item.Property(i => i.RetractionReason).HasMaxLength(1000);
            item.Property(i => i.CreatedBy).HasMaxLength(200);
            item.Property(i => i.Version).IsConcurrencyToken();
            item.HasIndex(i => i.PublishAt).HasFilter("\"Status\" = 'Scheduled'");
            item.HasIndex(i => new { i.PublishedAt, i.Id }).HasFilter("\"Status\" = 'Published'");
        });
        modelBuilder.Entity<SocialPost>(post =>
        {
            post.ToTable("social_posts");
            post.Property(p => p.Channel).HasMaxLength(20);
            post.Property(p => p.Text).HasMaxLength(3000);
            post.Property(p => p.LinkUrl).HasMaxLength(500);
            post.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            post.Property(p => p.ApprovedBy).HasMaxLength(200);
            post.Property(p => p.DeliveryNote).HasMaxLength(SocialPost.NoteLimit);
            post.Property(p => p.FailureReason).HasMaxLength(SocialPost.NoteLimit);
            post.Property(p => p.ExternalId).HasMaxLength(200);
            post.Property(p => p.Url).HasMaxLength(500);
            post.Property(p => p.CreatedBy).HasMaxLength(200);
            post.Property(p => p.Version).IsConcurrencyToken();
            post.HasIndex(p => p.NextAttemptAt).HasFilter("\"Status\" = 'Approved'");
        });
        OnForumCreating(modelBuilder);
    }

    private static void OnForumCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Space>(space =>
        {
            space.ToTable("spaces");
            space.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
            space.Property(s => s.Name).HasMaxLength(200);
            space.HasIndex(s => s.ExperienceId).IsUnique();
            space.HasIndex(s => s.GroupId).IsUnique();
            space.HasData(new Space { Id = Space.PublicId, Kind = SpaceKind.Public, Name = "Community", CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        });
        modelBuilder.Entity<ForumThread>(thread =>
        {
            thread.ToTable("threads");
            thread.Property(t => t.Title).HasMaxLength(200);
            thread.HasIndex(t => new { t.SpaceId, t.Id });
            thread.HasIndex(t => t.AuthorMemberId);
            thread.HasOne<Space>().WithMany().HasForeignKey(t => t.SpaceId);
        });
        modelBuilder.Entity<ForumPost>(post =>
        {
            post.ToTable("posts");
            post.Property(p => p.HiddenReason).HasMaxLength(1000);
            post.Property(p => p.HiddenBy).HasMaxLength(200);
            post.Property(p => p.Version).IsConcurrencyToken();
            post.HasIndex(p => new { p.ThreadId, p.Id });
            post.HasIndex(p => p.AuthorMemberId);
            post.HasOne<ForumThread>().WithMany().HasForeignKey(p => p.ThreadId);
        });
        modelBuilder.Entity<Group>(group =>
        {
            group.ToTable("groups");
            group.Property(g => g.Name).HasMaxLength(200);
            group.Property(g => g.Kind).HasMaxLength(20);
            group.HasIndex(g => new { g.ExperienceId, g.Number }).IsUnique();
        });
        modelBuilder.Entity<GroupMember>(member =>
        {
            member.ToTable("group_members");
            // One group per member per experience.
            member.HasKey(m => new { m.ExperienceId, m.MemberId });
            member.Property(m => m.Role).HasMaxLength(100);
            member.HasIndex(m => m.GroupId);
            member.HasIndex(m => m.MemberId);
            member.HasOne<Group>().WithMany().HasForeignKey(m => m.GroupId);
        });
    }
}
