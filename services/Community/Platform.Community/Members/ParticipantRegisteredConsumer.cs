using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Community.Data;
using Platform.Contracts.Events;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging.Inbox;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Community.Members;

/// <summary>
/// A registration makes the professional a member (once: the first registration, with
/// MemberJoined) and a participant of the experience, unless it was cancelled before it was taken
/// in (the two events come on separate queues), or made before the professional's member was
/// erased (<see cref="ErasedProfessional"/>). Idempotent twice over: the inbox drops a
/// redelivered message, and the member is found by professional id, the participant by
/// registration id.
/// </summary>
public sealed class ParticipantRegisteredConsumer(Inbox<CommunityDbContext> inbox, NetworkCalendar calendar)
    : InboxConsumer<ParticipantRegistered, CommunityDbContext>(inbox)
{
    protected override async Task HandleAsync(ConsumeContext<ParticipantRegistered> context, CommunityDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(db);
        var registered = context.Message;
        await RegistrationLock.TakeAsync(db, registered.RegistrationId, cancellationToken);
        // Locked (MemberLocks): an erasure under way is waited for, and clears a participation added
        // here. The erasure is looked for after the lock, so one that committed meanwhile is seen.
        var member = await db.Members.ForWriting(registered.ProfessionalId).SingleOrDefaultAsync(cancellationToken);
        if (await ErasedProfessional.PrecedesErasureAsync(db, registered.ProfessionalId, registered.OccurredAt, cancellationToken))
        {
            return;
        }

        if (member is null)
        {
            var profile = new MemberProfile(Truncate(registered.FullName, 200), Truncate(registered.OrganizationName ?? string.Empty, 200), Truncate(registered.Role ?? string.Empty, 100), []);
            member = Member.FromRegistration(profile, registered.Email, registered.ExperienceId, calendar.Now());
            db.Members.Add(member);
            db.AddEvent(MemberEvents.Joined(member), member.Id);
        }

        if (!await db.CancelledRegistrations.AnyAsync(c => c.RegistrationId == registered.RegistrationId, cancellationToken)
            && !await db.Participants.AnyAsync(p => p.RegistrationId == registered.RegistrationId, cancellationToken))
        {
            db.Participants.Add(new ExperienceParticipant
            {
                RegistrationId = registered.RegistrationId,
                ExperienceId = registered.ExperienceId,
                MemberId = member.Id,
                // The role this registration gave is the one in this experience; a member's profile
                // may say another (a sign-up, an earlier registration) and is only the fallback.
                Role = string.IsNullOrWhiteSpace(registered.Role) ? member.Role : Truncate(registered.Role, 100),
                RegisteredAt = registered.OccurredAt,
            });
        }
    }

    private static string Truncate(string text, int limit) => text.Length <= limit ? text : text[..limit];
}

/// <summary>
/// A cancelled registration is no longer a participation (the membership stays). The cancellation
/// is remembered, so that a <c>ParticipantRegistered</c> taken in after it makes no participant.
/// </summary>
public sealed class RegistrationCancelledConsumer(Inbox<CommunityDbContext> inbox)
    : InboxConsumer<RegistrationCancelled, CommunityDbContext>(inbox)
{
    protected override async Task HandleAsync(ConsumeContext<RegistrationCancelled> context, CommunityDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(db);
        var cancelled = context.Message;
        await RegistrationLock.TakeAsync(db, cancelled.RegistrationId, cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO cancelled_registrations ("RegistrationId", "CancelledAt") VALUES ({cancelled.RegistrationId}, {cancelled.OccurredAt.ToUniversalTime()}) ON CONFLICT DO NOTHING""",
            cancellationToken);
        await db.Participants.Where(p => p.RegistrationId == cancelled.RegistrationId).ExecuteDeleteAsync(cancellationToken);
    }
}
