using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting.V1;
using Platform.Reporting.Data;
using Platform.Reporting.Summary;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Reporting.Reports;

/// <summary>
/// The funnel in unique professionals: registered (a seat or a waitlist place) → attended → gave
/// feedback → committed to an action → completed one; for the network, one experience or a partner's.
/// An experience or partner Reporting has no event of is NotFound, as in the partner report: a
/// mistyped id would otherwise read as a real funnel of zeros.
/// </summary>
public sealed class FunnelReport(ReportingDbContext db)
{
    public async Task<Funnel> GetAsync(GetFunnelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation();
        var experienceId = Fields.OptionalId(validation, "experience_id", request.ExperienceId);
        var partnerId = Fields.OptionalId(validation, "partner_id", request.PartnerId);
        if (experienceId is not null && partnerId is not null)
        {
            validation.Add("partner_id", "cannot be combined with experience_id: choose one experience or one partner");
        }

        validation.ThrowIfInvalid();
        List<Guid>? scope = null;
        if (experienceId is { } experience)
        {
            if (!await KnownExperienceAsync(experience, cancellationToken))
            {
                throw new NotFoundException("Experience", request.ExperienceId);
            }

            scope = [experience];
        }
        else if (partnerId is { } partner)
        {
            scope = await HostedAsync(db, partner, cancellationToken);
            if (scope.Count == 0 && !await PartnerReports.KnownAsync(db, partner, cancellationToken))
            {
                throw new NotFoundException("Partner", request.PartnerId);
            }
        }

        var registrations = db.Registrations.AsNoTracking().Where(r => scope == null || scope.Contains(r.ExperienceId));
        var attendances = db.Attendances.AsNoTracking().Where(a => scope == null || scope.Contains(a.ExperienceId));
        var actions = db.Actions.AsNoTracking().Where(a => a.OwnerProfessionalId != null && (scope == null || (a.ExperienceId != null && scope.Contains(a.ExperienceId.Value))));
        var attendanceRecords = await attendances.LongCountAsync(a => a.Attended, cancellationToken);
        var noShows = await attendances.LongCountAsync(a => !a.Attended, cancellationToken);
        var waitlisted = await registrations.LongCountAsync(r => r.Waitlisted, cancellationToken);
        // Converted among the waitlisted: a seat from the waitlist taken in before its WaitlistPromoted waits for it.
        var conversions = await registrations.LongCountAsync(r => r.Waitlisted && r.Promoted, cancellationToken);
        return new Funnel
        {
            // An attendance or no-show is of a registration: its professional registered, also while the registration's events are on their way.
            Registered = await registrations.Select(r => r.ProfessionalId).Union(attendances.Select(a => a.ProfessionalId)).LongCountAsync(cancellationToken),
            Attended = await attendances.Where(a => a.Attended).Select(a => a.ProfessionalId).Distinct().LongCountAsync(cancellationToken),
            GaveFeedback = await db.Feedback.AsNoTracking().Where(f => scope == null || scope.Contains(f.ExperienceId)).Select(f => f.ProfessionalId).Distinct().LongCountAsync(cancellationToken),
            CommittedToAction = await actions.Select(a => a.OwnerProfessionalId).Distinct().LongCountAsync(cancellationToken),
            CompletedAction = await actions.Where(a => a.Status == "Done").Select(a => a.OwnerProfessionalId).Distinct().LongCountAsync(cancellationToken),
            NoShows = noShows,
            NoShowPercentage = Figures.Percentage(noShows, attendanceRecords + noShows),
            Waitlisted = waitlisted,
            WaitlistConversions = conversions,
            WaitlistConversionPercentage = Figures.Percentage(conversions, waitlisted),
        };
    }

    /// <summary>
    /// Whether Reporting has any event of the experience: its own (scheduled, completed, cancelled, a
    /// phase) or one of a registration, attendance, feedback or action on it, whichever arrived first.
    /// </summary>
    private async Task<bool> KnownExperienceAsync(Guid experienceId, CancellationToken cancellationToken) =>
        await db.Experiences.AsNoTracking().AnyAsync(e => e.ExperienceId == experienceId, cancellationToken)
        || await db.Registrations.AsNoTracking().AnyAsync(r => r.ExperienceId == experienceId, cancellationToken)
        || await db.Attendances.AsNoTracking().AnyAsync(a => a.ExperienceId == experienceId, cancellationToken)
        || await db.Feedback.AsNoTracking().AnyAsync(f => f.ExperienceId == experienceId, cancellationToken)
        || await db.Actions.AsNoTracking().AnyAsync(a => a.ExperienceId == experienceId, cancellationToken);

    /// <summary>The experiences a partner hosted.</summary>
    public static Task<List<Guid>> HostedAsync(ReportingDbContext db, Guid partnerId, CancellationToken cancellationToken) =>
        db.Experiences.AsNoTracking().Where(e => e.HostPartnerIds.Contains(partnerId)).Select(e => e.ExperienceId).ToListAsync(cancellationToken);
}
