using Microsoft.EntityFrameworkCore;
using Platform.Experience.Data;
using Platform.Experience.Experiences;
using Platform.ServiceDefaults;

namespace Platform.Experience.Calendars;

/// <summary>
/// Public calendar files on the http endpoint (calendar programs send no tokens): one per
/// experience with all its sessions, one per session, from the moment it is scheduled (a
/// cancellation then shows as such). An experience never scheduled, a draft or a draft cancelled,
/// has none: it was never public.
/// </summary>
public static class CalendarEndpoints
{
    public static WebApplication MapCalendars(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/calendars/experiences/{id:guid}.ics", async (Guid id, ExperienceDbContext db, NetworkCalendar calendar, CancellationToken cancellationToken) =>
        {
            var experience = await db.Experiences.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.ScheduledAt != null, cancellationToken);
            if (experience is null)
            {
                return Results.NotFound();
            }

            var sessions = await db.Sessions.AsNoTracking().Where(s => s.ExperienceId == id).ToListAsync(cancellationToken);
            return File(ICalendar.Of(experience, sessions, calendar.Now()), experience.Title);
        }).AllowAnonymous();
        app.MapGet("/calendars/sessions/{id:guid}.ics", async (Guid id, ExperienceDbContext db, NetworkCalendar calendar, CancellationToken cancellationToken) =>
        {
            var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            var experience = session is null ? null : await db.Experiences.AsNoTracking().SingleOrDefaultAsync(e => e.Id == session.ExperienceId && e.ScheduledAt != null, cancellationToken);
            return experience is null ? Results.NotFound() : File(ICalendar.Of(experience, [session!], calendar.Now()), $"{experience.Title} {session!.Sequence}");
        }).AllowAnonymous();
        return app;
    }

    private static IResult File(string ics, string name)
    {
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
        return Results.File(System.Text.Encoding.UTF8.GetBytes(ics), "text/calendar; charset=utf-8", (safe.Length == 0 ? "experience" : safe) + ".ics");
    }
}
