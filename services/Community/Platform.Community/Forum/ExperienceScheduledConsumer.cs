using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Community.Data;
using Platform.Contracts.Events;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging.Inbox;

namespace Platform.Community.Forum;

/// <summary>A scheduled experience gets its forum space, once.</summary>
public sealed class ExperienceScheduledConsumer(Inbox<CommunityDbContext> inbox, NetworkCalendar calendar)
    : InboxConsumer<ExperienceScheduled, CommunityDbContext>(inbox)
{
    protected override async Task HandleAsync(ConsumeContext<ExperienceScheduled> context, CommunityDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(db);
        var scheduled = context.Message;
        if (!await db.Spaces.AnyAsync(s => s.ExperienceId == scheduled.ExperienceId, cancellationToken))
        {
            var title = scheduled.Title.Length <= 200 ? scheduled.Title : scheduled.Title[..200];
            db.Spaces.Add(Space.ForExperience(scheduled.ExperienceId, title, calendar.Now()));
        }
    }
}
