using Microsoft.EntityFrameworkCore;
using Platform.Experience.Data;
using Platform.Experience.Registrations;
using Platform.ServiceDefaults;

namespace Platform.Experience.Erasure;

/// <summary>What one erasure did, for the log.</summary>
public readonly record struct ErasureOutcome(int PlacesGivenUp, AnonymisedRows Anonymised, int MentionsRedacted, int EventsRewritten);

/// <summary>
/// The right to erasure in the Experience service, inside the caller's transaction: no copy the
/// service keeps or is about to publish names the professional any more; the places they hold
/// that are still ahead are given up, so the seat goes to the next on the waitlist (nobody can
/// reach them any more, and a waitlisted one promoted later would be announced with their name);
/// their registrations, feedback and actions keep their facts without what names them.
/// </summary>
public sealed class ProfessionalErasure(ExperienceDbContext db, Seats seats, Cancellation cancellation, NetworkCalendar calendar)
{
    /// <summary><c>cancelledBy</c> of the <c>RegistrationCancelled</c> of a place given up by an erasure.</summary>
    public const string CancelledBy = "Erasure";

    public async Task<ErasureOutcome> EraseAsync(string professionalId, CancellationToken cancellationToken)
    {
        var now = calendar.Now();
        // Before anything is anonymised: how they were written down is read from their rows.
        var mentions = await Mentions.OfAsync(db, professionalId, cancellationToken);
        // Before any pool's gate is closed: it may wait for the relay to finish publishing one of
        // the professional's events.
        var rewritten = await ErasedProfessionalCopies.RemoveAsync(db, professionalId, mentions, cancellationToken);
        var givenUp = await GiveUpPlacesAsync(professionalId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // After the pools' locks, as a cancellation takes them (a pool's lock, then its
        // registrations' rows); the free text first, so an action named and owned by them moves
        // to its next version once.
        var redacted = await mentions.RedactFreeTextAsync(db, now, cancellationToken);
        var anonymised = await PersonalDataRows.AnonymiseAsync(db, professionalId, now, cancellationToken);
        return new ErasureOutcome(givenUp, anonymised, redacted, rewritten);
    }

    /// <summary>
    /// Cancels every waitlist place of the professional, and every seat that can still be used (the
    /// session, or the series, is ahead: <see cref="Cancellation.GiveUpIfAheadAsync"/>). Seats
    /// in what is over stay: they are what happened. The experiences, then the pools are locked in
    /// one order (by id), so two erasures, or an erasure and a cancellation, never wait for each
    /// other crosswise.
    /// </summary>
    private async Task<int> GiveUpPlacesAsync(string professionalId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = await db.Registrations.AsNoTracking()
            .Where(r => r.ProfessionalId == professionalId && r.Status != RegistrationStatus.Cancelled)
            .ToListAsync(cancellationToken);
        if (held.Count == 0)
        {
            return 0;
        }

        // Their experiences first, as CancelRegistration takes them: cancelling or completing one
        // waits for this erasure, or the erasure waits and sees its outcome (nobody is promoted
        // into an experience cancelled meanwhile). One statement, which locks the rows after
        // sorting them: in id order, one after the other, as one statement per experience did.
        var experienceIds = held.Select(r => r.ExperienceId).Distinct().ToArray();
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM experiences WHERE \"Id\" = ANY({experienceIds}) ORDER BY \"Id\" FOR KEY SHARE", cancellationToken);

        var pools = held.Select(Cancellation.PoolOf).Distinct().OrderBy(p => p.Id).ToList();
        foreach (var pool in pools)
        {
            await seats.LockAsync(pool, cancellationToken);
        }

        // Read under the locks (a cancellation or promotion in the meantime is seen) and taken FOR
        // UPDATE in id order, as CancelRegistration takes its one: a check-in of one of them waits
        // for the erasure and finds it cancelled.
        var poolIds = pools.Select(p => p.Id).ToArray();
        var open = await db.Registrations
            .FromSql($"SELECT * FROM registrations WHERE \"ProfessionalId\" = {professionalId} AND \"Status\" <> 'Cancelled' AND \"PoolId\" = ANY({poolIds}) ORDER BY \"Id\" FOR UPDATE")
            .ToListAsync(cancellationToken);
        var givenUp = 0;
        foreach (var registration in open)
        {
            if (await cancellation.GiveUpIfAheadAsync(registration, CancelledBy, now, cancellationToken))
            {
                givenUp++;
            }
        }

        return givenUp;
    }
}
