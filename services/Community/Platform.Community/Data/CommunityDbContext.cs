using Microsoft.EntityFrameworkCore;

namespace Platform.Community.Data;

/// <summary>The Community service's own database (communitydb); the domain's tables arrive with their features.</summary>
public sealed class CommunityDbContext(DbContextOptions<CommunityDbContext> options) : DbContext(options);
