using Microsoft.EntityFrameworkCore;
using Platform.Experience.Data;

namespace Platform.Experience.Erasure;

/// <summary>How many of an erased professional's rows lost what named them.</summary>
public readonly record struct AnonymisedRows(int Registrations, int Feedback, int Actions);

/// <summary>
/// The professional's rows keep their facts (status, attendance, seat, score, will-act, revision,
/// an action's title, theme, deadline and status, and the professional id that counts them as one
/// person) and lose what names them: names become <see cref="ErasedPerson.Name"/>; e-mail,
/// organization, role and comment become empty. Rows already anonymised are left as they are, so
/// a second erasure changes nothing (an action's version moves once).
/// </summary>
public static class PersonalDataRows
{
    public static async Task<AnonymisedRows> AnonymiseAsync(ExperienceDbContext db, string professionalId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var registrations = await db.Registrations
            .Where(r => r.ProfessionalId == professionalId
                && (r.FullName != ErasedPerson.Name || r.Email != ErasedPerson.Nothing || r.OrganizationName != ErasedPerson.Nothing || r.Role != ErasedPerson.Nothing))
            .ExecuteUpdateAsync(
                r => r.SetProperty(x => x.FullName, ErasedPerson.Name)
                    .SetProperty(x => x.Email, ErasedPerson.Nothing)
                    .SetProperty(x => x.OrganizationName, ErasedPerson.Nothing)
                    .SetProperty(x => x.Role, ErasedPerson.Nothing),
                cancellationToken);
        var feedback = await db.Feedback
            .Where(f => f.ProfessionalId == professionalId && (f.FullName != ErasedPerson.Name || f.Comment != ErasedPerson.Nothing))
            .ExecuteUpdateAsync(f => f.SetProperty(x => x.FullName, ErasedPerson.Name).SetProperty(x => x.Comment, ErasedPerson.Nothing), cancellationToken);
        // A new version: a change prepared on the old one (UpdateAction's expected_version) must be
        // read again, or it would write the name back.
        var actions = await db.Actions
            .Where(a => a.OwnerProfessionalId == professionalId && a.Owner != ErasedPerson.Name)
            .ExecuteUpdateAsync(
                a => a.SetProperty(x => x.Owner, ErasedPerson.Name).SetProperty(x => x.Version, x => x.Version + 1).SetProperty(x => x.UpdatedAt, now),
                cancellationToken);
        return new AnonymisedRows(registrations, feedback, actions);
    }
}
