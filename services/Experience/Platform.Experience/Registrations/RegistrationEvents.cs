using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Experience.Registrations;

/// <summary>The events a registration raises, added to the outbox with the registration's changes.</summary>
public static class RegistrationEvents
{
    public static void Registered(DbContext db, Registration registration, DateTimeOffset now) =>
        db.AddEvent(new ParticipantRegistered
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = now,
            RegistrationId = registration.Id,
            ExperienceId = registration.ExperienceId,
            SessionId = registration.SessionId,
            ProfessionalId = registration.ProfessionalId,
            FullName = registration.FullName,
            Email = registration.Email,
            OrganizationName = Fields.NullIfEmpty(registration.OrganizationName),
            OrganizationId = registration.OrganizationId,
            Role = Fields.NullIfEmpty(registration.Role),
            FromWaitlist = registration.FromWaitlist,
        }, registration.Id);

    public static void Waitlisted(DbContext db, Registration registration, int position, DateTimeOffset now) =>
        db.AddEvent(new ParticipantWaitlisted
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = now,
            RegistrationId = registration.Id,
            ExperienceId = registration.ExperienceId,
            SessionId = registration.SessionId,
            ProfessionalId = registration.ProfessionalId,
            Position = position,
        }, registration.Id);

    public static void Cancelled(DbContext db, Registration registration, RegistrationStatus previous, string cancelledBy, string? reason, DateTimeOffset now) =>
        db.AddEvent(new RegistrationCancelled
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = now,
            RegistrationId = registration.Id,
            ExperienceId = registration.ExperienceId,
            SessionId = registration.SessionId,
            ProfessionalId = registration.ProfessionalId,
            PreviousStatus = previous.ToString(),
            CancelledBy = cancelledBy,
            Reason = reason,
        }, registration.Id);

    public static void Promoted(DbContext db, Registration registration, DateTimeOffset waitlistedAt, DateTimeOffset now) =>
        db.AddEvent(new WaitlistPromoted
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = now,
            RegistrationId = registration.Id,
            ExperienceId = registration.ExperienceId,
            SessionId = registration.SessionId,
            ProfessionalId = registration.ProfessionalId,
            WaitlistedAt = waitlistedAt,
        }, registration.Id);
}
