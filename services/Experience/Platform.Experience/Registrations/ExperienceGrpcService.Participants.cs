using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Experience.Experiences;
using Platform.Experience.Registrations;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Experience;

/// <summary>Who may speak for an experience at its end: a professional holding a seat in it.</summary>
public sealed partial class ExperienceGrpcService
{
    /// <summary>
    /// The experience (Running or Completed) and the seat holder with <paramref name="email"/>;
    /// FailedPrecondition naming why when the experience is not at its end or they hold no seat.
    /// Decided on locked reads held until the caller commits, in the order every lock is taken:
    /// the experience row <c>FOR KEY SHARE</c> (cancelling it waits for this call, or this call
    /// waits and finds it cancelled), then their registrations as a check-in reads them (a
    /// cancellation of one in flight is waited for and it is read cancelled; one arriving later
    /// waits for this call, so what was stored while they held the seat stays).
    /// </summary>
    private async Task<(Experiences.Experience Experience, Registration Participant)> ParticipantAtTheEndAsync(Guid experienceId, string email, string toDo, CancellationToken cancellationToken)
    {
        var experience = await ShareExperienceAsync(experienceId, cancellationToken);
        if (experience.Status is not (ExperienceStatus.Running or ExperienceStatus.Completed))
        {
            throw new FailedPreconditionException($"Experience '{experience.Title}' is {experience.Status}: participants {toDo} once it is Running or Completed.");
        }

        var professionalId = Professionals.IdOf(email);
        var seats = await Db.Registrations.AsNoTracking()
            .Where(r => r.ExperienceId == experienceId && r.ProfessionalId == professionalId && r.Status == RegistrationStatus.Registered)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        return (experience, (await ShareRegistrationsAsync(seats, cancellationToken))
            .Where(r => r.Status == RegistrationStatus.Registered)
            .OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id)
            .FirstOrDefault()
            ?? throw new FailedPreconditionException($"{email.Trim()} holds no seat in '{experience.Title}': only its participants {toDo}."));
    }
}
