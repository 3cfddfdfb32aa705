using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Partner.Data;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Partner.Erasure;

/// <summary>What one erasure did: how many contacts it erased, which experts (their cached copies are to go once it commits), and how many staff texts named them.</summary>
public sealed record ErasureOutcome(int Contacts, IReadOnlyList<Guid> Experts, int TextsRedacted);

/// <summary>
/// The right to erasure in the Partner service, inside the caller's transaction: the contacts and
/// the expert whose e-mail address is the professional's lose what names or reaches them (name,
/// address, role, phone; an expert's employer), the stored replies of requests about them are
/// forgotten, and an <c>ExpertRegistered</c> not yet published goes out without the name. The
/// staff's free text about their organizations and expert loses their names and addresses (<see cref="StaffTexts"/>).
/// They are found by the professional id of their address (<c>EmailKey</c> is the address trimmed
/// and lower-cased, as <see cref="Professionals.IdOf"/> takes it).
/// </summary>
public sealed class ProfessionalErasure(PartnerDbContext db, NetworkCalendar calendar)
{
    /// <summary>What stands where an erased person's name stood.</summary>
    public const string ErasedName = "[erased]";

    /// <summary>An erased expert's deactivation reason.</summary>
    public const string ErasedReason = "The expert's personal data was erased.";

    /// <summary>Erases the professional's contacts and expert.</summary>
    public async Task<ErasureOutcome> EraseAsync(string professionalId, CancellationToken cancellationToken)
    {
        // Locked as RecordConsent and the expert's changes lock them: a change under way commits
        // first and is then erased too; one that comes later finds nothing of the person.
        var contacts = await db.Contacts
            .FromSql($"SELECT * FROM contacts WHERE encode(sha256(convert_to(\"EmailKey\", 'UTF8')), 'hex') = {professionalId} ORDER BY \"Id\" FOR UPDATE")
            .ToListAsync(cancellationToken);
        var experts = await db.Experts
            .FromSql($"SELECT * FROM experts WHERE encode(sha256(convert_to(\"EmailKey\", 'UTF8')), 'hex') = {professionalId} ORDER BY \"Id\" FOR UPDATE")
            .ToListAsync(cancellationToken);
        // Read before the rows are erased: how the person was written down here.
        var mentions = PersonMentions.Of(
            contacts.Select(c => c.Name).Concat(experts.Select(e => e.Name)),
            contacts.Select(c => c.Email).Concat(experts.Select(e => e.Email)),
            ErasedName);
        var redacted = await StaffTexts.RedactAsync(db, mentions, [.. contacts.Select(c => c.OrganizationId).Distinct()], [.. experts.Select(e => e.Id)], cancellationToken);
        foreach (var contact in contacts)
        {
            contact.Erase();
            await db.ForgetRepliesMentioningAsync(contact.Id.ToString(), cancellationToken);
        }

        var now = calendar.Now();
        foreach (var expert in experts)
        {
            expert.Erase(now);
            var id = expert.Id.ToString();
            await db.ForgetRepliesMentioningAsync(id, cancellationToken);
            await db.RewriteUnsentEventsAsync<ExpertRegistered>(id, registered => registered with { Name = ErasedName, OrganizationName = null }, cancellationToken);
            await db.DeleteSentEventsMentioningAsync(id, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ErasureOutcome(contacts.Count, [.. experts.Select(e => e.Id)], redacted);
    }
}
