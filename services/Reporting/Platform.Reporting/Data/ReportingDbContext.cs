using Microsoft.EntityFrameworkCore;

namespace Platform.Reporting.Data;

/// <summary>The Reporting service's own database (reportingdb); the domain's tables arrive with their features.</summary>
public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options);
