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
    /// </summary>
    private async Task<(Experiences.Experience Experience, Registration Participant)> ParticipantAtTheEndAsync(Guid experienceId, string email, string toDo, CancellationToken cancellationToken)
    {
        var experience = await Db.Experiences.AsNoTracking().SingleOrDefaultAsync(e => e.Id == experienceId, cancellationToken)
            ?? throw new NotFoundException("Experience", experienceId.ToString());
        if (experience.Status is not (ExperienceStatus.Running or ExperienceStatus.Completed))
        {
            throw new FailedPreconditionException($"Experience '{experience.Title}' is {experience.Status}: participants {toDo} once it is Running or Completed.");
        }

        var professionalId = Professionals.IdOf(email);
        return (experience, await Db.Registrations.AsNoTracking()
            .Where(r => r.ExperienceId == experienceId && r.ProfessionalId == professionalId && r.Status == RegistrationStatus.Registered)
            .OrderBy(r => r.RegisteredAt)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new FailedPreconditionException($"{email.Trim()} holds no seat in '{experience.Title}': only its participants {toDo}."));
    }
}
