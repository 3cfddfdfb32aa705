using Microsoft.EntityFrameworkCore;
using Platform.Community.Data;

namespace Platform.Community.Members;

/// <summary>
/// A professional whose member was erased, and when: a registration made at or before that moment
/// and taken in later (a retry, a backlog, a re-drive from <c>_error</c>) makes no member again.
/// Kept by the catalog's professional id, the pseudonymous id (a hash of the e-mail address)
/// <c>MemberErased</c> gives the other services: no name, no address, nothing else.
/// </summary>
public sealed class ErasedProfessional
{
    public required string ProfessionalId { get; init; }

    /// <summary>The latest erasure of a member of this professional.</summary>
    public required DateTimeOffset ErasedAt { get; init; }

    /// <summary>Records the erasure in the caller's transaction; a later erasure of a returned member moves the moment on.</summary>
    public static Task RecordAsync(CommunityDbContext db, string professionalId, DateTimeOffset erasedAt, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO erased_professionals ("ProfessionalId", "ErasedAt") VALUES ({professionalId}, {erasedAt.ToUniversalTime()})
            ON CONFLICT ("ProfessionalId") DO UPDATE SET "ErasedAt" = GREATEST(erased_professionals."ErasedAt", EXCLUDED."ErasedAt")
            """,
            cancellationToken);

    /// <summary>Whether a registration made at <paramref name="registeredAt"/> came before (or with) an erasure of the professional.</summary>
    public static Task<bool> PrecedesErasureAsync(CommunityDbContext db, string professionalId, DateTimeOffset registeredAt, CancellationToken cancellationToken) =>
        db.ErasedProfessionals.AnyAsync(e => e.ProfessionalId == professionalId && e.ErasedAt >= registeredAt, cancellationToken);
}
