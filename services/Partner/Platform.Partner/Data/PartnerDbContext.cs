using Microsoft.EntityFrameworkCore;

namespace Platform.Partner.Data;

/// <summary>The Partner service's own database (partnerdb); the domain's tables arrive with their features.</summary>
public sealed class PartnerDbContext(DbContextOptions<PartnerDbContext> options) : DbContext(options);
