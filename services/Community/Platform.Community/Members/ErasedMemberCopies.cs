using Microsoft.EntityFrameworkCore;
using Platform.Community.Data;

namespace Platform.Community.Members;

/// <summary>
/// The copies of a member's data the service keeps besides its tables, removed by an erasure in
/// its transaction: the stored replies to requests with a request id (kept a day so a retry gets
/// the first answer: a sign-up's profile, a thread's title and body, groups with their members'
/// names), and the events already sent (kept a week for operators: <c>MemberJoined</c>,
/// <c>ThreadStarted</c>). A reply that names the member becomes empty: a retry of that request
/// after the erasure gets an empty answer, and is not done again. Events not yet sent still go
/// out, before <c>MemberErased</c>, which tells every subscriber to erase what they carried.
/// </summary>
internal static class ErasedMemberCopies
{
    public static async Task RemoveAsync(CommunityDbContext db, Guid memberId, CancellationToken cancellationToken)
    {
        // Ids travel as text in both: in the replies' protobuf bytes and in the events' JSON.
        var mention = memberId.ToString();
        await db.Database.ExecuteSqlAsync(
            $"UPDATE idempotent_requests SET response = ''::bytea WHERE position(convert_to({mention}, 'UTF8') in response) > 0",
            cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM outbox_messages WHERE sent_at IS NOT NULL AND strpos(body, {mention}) > 0",
            cancellationToken);
    }
}
