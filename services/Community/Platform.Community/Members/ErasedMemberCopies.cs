using Microsoft.EntityFrameworkCore;
using Platform.Community.Data;
using Platform.Community.Forum;
using Platform.Contracts.Events;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Community.Members;

/// <summary>
/// The copies of a member's data the service keeps besides its tables, removed by an erasure in
/// its transaction: the stored replies to requests with a request id (kept a day so a retry gets
/// the first answer: a sign-up's profile, a thread's title and body, groups with their members'
/// names), the events already sent (kept a week for operators: <c>MemberJoined</c>,
/// <c>ThreadStarted</c>), and the events not sent yet. A reply that names the member becomes
/// empty: a retry of that request after the erasure gets an empty answer, and is not done again.
/// An unsent <c>ThreadStarted</c> of theirs is published with the title the thread now has: it is
/// its thread's aggregate, not the member's, so it may go out after <c>MemberErased</c>. An unsent
/// <c>MemberJoined</c> is the member's aggregate: it goes out before <c>MemberErased</c>, which
/// tells every subscriber to erase what it carried. The other events name members by id only.
/// </summary>
internal static class ErasedMemberCopies
{
    public static async Task RemoveAsync(CommunityDbContext db, Guid memberId, CancellationToken cancellationToken)
    {
        // Ids travel as text in both: in the replies' protobuf bytes and in the events' JSON.
        var mention = memberId.ToString();
        await db.ForgetRepliesMentioningAsync(mention, cancellationToken);
        await db.RewriteUnsentEventsAsync<ThreadStarted>(
            mention, started => started.AuthorMemberId == memberId ? started with { Title = ForumPost.ErasedText } : null, cancellationToken);
        await db.DeleteSentEventsMentioningAsync(mention, cancellationToken);
    }
}
