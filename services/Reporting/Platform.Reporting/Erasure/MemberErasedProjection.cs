using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Reporting.Community;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Erasure;

/// <summary>
/// The right to erasure: the professional goes on the suppression list with a random pseudonym, which
/// replaces their id in every read model and the journal (the same one everywhere, so unique counts stay
/// right); what names the person (<see cref="PersonalData"/>) is dropped. Counters are untouched: they hold
/// no person. Their events taken in later are applied under the pseudonym (<see cref="ErasedProfessionals"/>).
/// </summary>
public sealed class MemberErasedProjection(ErasedProfessionals erased) : IProjection<MemberErased>
{
    private const string ScrubJournalSql = """
        UPDATE journal SET "ProfessionalId" = {1}, "Body" = (
            SELECT jsonb_object_agg(key, CASE
                WHEN key = ANY({2}) THEN '""'::jsonb
                WHEN key = ANY({3}) THEN 'null'::jsonb
                ELSE value END)
            FROM jsonb_each(replace("Body"::text, {0}, {1})::jsonb))
        WHERE "ProfessionalId" = {0}
        """;

    // A member erased before their joining is taken in stays erased: the joining then finds this row.
    private const string EraseMemberSql = """
        INSERT INTO members ("MemberId", "ProfessionalId", "JoinedOn", "ErasedAt") VALUES ({0}, NULL, {1}, {2})
        ON CONFLICT ("MemberId") DO UPDATE SET "ProfessionalId" = NULL, "ErasedAt" = COALESCE(members."ErasedAt", EXCLUDED."ErasedAt")
        """;

    public Task LockAheadAsync(IReadOnlyList<MemberErased> events, Projection projection, CancellationToken cancellationToken) =>
        erased.LockForErasureAsync(events.Select(e => e.ProfessionalId), projection.Db, cancellationToken);

    public async Task ApplyAsync(MemberErased evt, Projection projection, CancellationToken cancellationToken)
    {
        var database = projection.Db.Database;
        var id = evt.ProfessionalId;
        var at = evt.OccurredAt.ToUniversalTime();
        await database.ExecuteSqlRawAsync("UPDATE members SET \"ProfessionalId\" = NULL, \"ErasedAt\" = COALESCE(\"ErasedAt\", {1}) WHERE \"ProfessionalId\" = {0}", [id, at], cancellationToken);
        await database.ExecuteSqlRawAsync(EraseMemberSql, [evt.MemberId, MemberRecord.JoinedUnknown, at], cancellationToken);

        // Replayed in a rebuild, the erasure names the pseudonym: everything already carries it.
        if (ErasedProfessionals.IsPseudonym(id))
        {
            return;
        }

        var pseudonym = await erased.RecordAsync(id, evt.OccurredAt, projection.Db, cancellationToken);
        await database.ExecuteSqlRawAsync("UPDATE reach_ledger SET \"ProfessionalId\" = {1} WHERE \"ProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync("UPDATE attendances SET \"ProfessionalId\" = {1} WHERE \"ProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync("UPDATE registrations SET \"ProfessionalId\" = {1} WHERE \"ProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync("UPDATE feedback SET \"ProfessionalId\" = {1}, \"Comment\" = NULL WHERE \"ProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync("UPDATE actions SET \"OwnerProfessionalId\" = {1} WHERE \"OwnerProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync(ScrubJournalSql, [id, pseudonym, PersonalData.Blanked, PersonalData.Nulled], cancellationToken);
    }
}
