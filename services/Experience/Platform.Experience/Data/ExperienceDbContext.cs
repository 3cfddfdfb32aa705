using Microsoft.EntityFrameworkCore;

namespace Platform.Experience.Data;

/// <summary>The Experience service's own database (experiencedb); the domain's tables arrive with their features.</summary>
public sealed class ExperienceDbContext(DbContextOptions<ExperienceDbContext> options) : DbContext(options);
