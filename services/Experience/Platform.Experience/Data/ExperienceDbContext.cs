using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Experience.Data;

/// <summary>The Experience service's own database (experiencedb): the outbox and inbox; the domain's tables arrive with their features.</summary>
public sealed class ExperienceDbContext(DbContextOptions<ExperienceDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
}
