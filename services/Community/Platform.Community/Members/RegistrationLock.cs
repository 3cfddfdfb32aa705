using Microsoft.EntityFrameworkCore;
using Platform.Community.Data;

namespace Platform.Community.Members;

/// <summary>
/// Serialises the consumers of one registration's events (they come on separate queues and may run
/// at the same moment): without it, a registration's transaction could miss a cancellation not yet
/// committed, and the cancellation's delete miss a participant not yet committed.
/// </summary>
internal static class RegistrationLock
{
    // The two-key advisory lock space, this class of lock ("REGN"), apart from any other lock of the service.
    private const int LockClass = 0x5245_474E;

    public static Task TakeAsync(CommunityDbContext db, Guid registrationId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, hashtext({registrationId.ToString()}))", cancellationToken);
}
