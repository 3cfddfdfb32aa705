using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Erasure;

/// <summary>
/// The right to erasure: every read model and the journal replace the professional id with a random
/// pseudonym (the same one everywhere, so unique counts stay right) and drop what names the person
/// (names, e-mail, organization, role, comments). Counters are untouched: they hold no person.
/// </summary>
public sealed class MemberErasedProjection : IProjection<MemberErased>
{
    private const string ScrubJournalSql = """
        UPDATE journal SET "ProfessionalId" = {1}, "Body" = (
            SELECT jsonb_object_agg(key, CASE
                WHEN key IN ('fullName', 'email', 'displayName', 'owner', 'name') THEN '""'::jsonb
                WHEN key IN ('organizationName', 'role', 'comment') THEN 'null'::jsonb
                ELSE value END)
            FROM jsonb_each(replace("Body"::text, {0}, {1})::jsonb))
        WHERE "ProfessionalId" = {0}
        """;

    public async Task ApplyAsync(MemberErased evt, Projection projection, CancellationToken cancellationToken)
    {
        var database = projection.Db.Database;
        var id = evt.ProfessionalId;
        var pseudonym = "erased-" + Guid.NewGuid().ToString("N");
        await database.ExecuteSqlRawAsync("UPDATE reach_ledger SET \"ProfessionalId\" = {1} WHERE \"ProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync("UPDATE attendances SET \"ProfessionalId\" = {1} WHERE \"ProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync("UPDATE registrations SET \"ProfessionalId\" = {1} WHERE \"ProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync("UPDATE feedback SET \"ProfessionalId\" = {1}, \"Comment\" = NULL WHERE \"ProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync("UPDATE actions SET \"OwnerProfessionalId\" = {1} WHERE \"OwnerProfessionalId\" = {0}", [id, pseudonym], cancellationToken);
        await database.ExecuteSqlRawAsync(
            "UPDATE members SET \"ProfessionalId\" = NULL, \"ErasedAt\" = COALESCE(\"ErasedAt\", {2}) WHERE \"MemberId\" = {0} OR \"ProfessionalId\" = {1}",
            [evt.MemberId, id, evt.OccurredAt.ToUniversalTime()],
            cancellationToken);
        await database.ExecuteSqlRawAsync(ScrubJournalSql, [id, pseudonym], cancellationToken);
    }
}
