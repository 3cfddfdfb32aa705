using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.Reporting.Ingest;
using Platform.Reporting.Summary;

namespace Platform.Reporting.Erasure;

/// <summary>
/// The suppression list: professionals erased, known by a keyed hash of their id, each with their
/// pseudonym. An event naming one of them is applied under the pseudonym, scrubbed, before anything
/// of it is stored. A batch and an erasure of a professional it names never overlap: the batch holds
/// a shared advisory lock per professional from its look-up to its commit, the erasure an exclusive one.
/// </summary>
public sealed class ErasedProfessionals(IOptions<ReportingOptions> options)
{
    private const string PseudonymPrefix = "erased-";

    // The two-key advisory lock space, this class of lock ("ERAS"), apart from any other lock of the platform.
    private const int LockClass = 0x45524153;

    private const string RecordSql = """
        INSERT INTO erased_professionals ("Key", "Pseudonym", "ErasedAt") VALUES ({0}, {1}, {2})
        ON CONFLICT ("Key") DO UPDATE SET "Key" = EXCLUDED."Key"
        RETURNING "Pseudonym" AS "Value"
        """;

    private byte[]? _key = options.Value.ErasureKey is { Length: > 0 } configured ? Convert.FromHexString(configured) : null;

    /// <summary>True for an id that is already a pseudonym (a replayed erasure, a scrubbed event).</summary>
    public static bool IsPseudonym(string professionalId) => professionalId.StartsWith(PseudonymPrefix, StringComparison.Ordinal);

    /// <summary>
    /// A live batch before it is journaled: locks its professionals (shared) and looks them up in one
    /// query each; the events of erased ones come back scrubbed under their pseudonym, the rest as they were.
    /// An erasure is not looked up: it names the professional to erase (<see cref="MemberErasedProjection"/>).
    /// </summary>
    public async Task<IReadOnlyList<TEvent>> PseudonymiseAsync<TEvent>(IReadOnlyList<TEvent> events, ReportingDbContext db, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        if (NamedProfessional<TEvent>.Of is not { } named || typeof(TEvent) == typeof(MemberErased))
        {
            return events;
        }

        var professionals = events.Select(named).OfType<string>().Where(id => !IsPseudonym(id)).Distinct(StringComparer.Ordinal).ToList();
        if (professionals.Count == 0)
        {
            return events;
        }

        var keys = await KeysAsync(db, professionals, cancellationToken);
        await LockAsync(db, keys.Values, "pg_advisory_xact_lock_shared", cancellationToken);
        var pseudonyms = await PseudonymsAsync(db, keys, cancellationToken);
        return pseudonyms.Count == 0
            ? events
            : [.. events.Select(evt => named(evt) is { } id && pseudonyms.TryGetValue(id, out var pseudonym) ? Scrubbed(evt, id, pseudonym) : evt)];
    }

    /// <summary>A page of the journal during a rebuild: entries that name an erased professional are scrubbed, in the page and in the journal.</summary>
    public async Task PseudonymiseAsync(IReadOnlyList<JournalEntry> entries, ReportingDbContext db, CancellationToken cancellationToken)
    {
        var professionals = entries.Select(e => e.ProfessionalId).OfType<string>().Where(id => !IsPseudonym(id)).Distinct(StringComparer.Ordinal).ToList();
        var pseudonyms = professionals.Count == 0 ? [] : await PseudonymsAsync(db, await KeysAsync(db, professionals, cancellationToken), cancellationToken);
        var named = entries.Where(e => e.ProfessionalId is { } id && pseudonyms.ContainsKey(id)).ToList();
        if (named.Count == 0)
        {
            return;
        }

        foreach (var entry in named)
        {
            var pseudonym = pseudonyms[entry.ProfessionalId!];
            entry.Body = PersonalData.Scrub(entry.Body, entry.ProfessionalId!, pseudonym);
            entry.ProfessionalId = pseudonym;
        }

        // The page's scrubbed entries in one statement.
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE journal AS j SET \"Body\" = CAST(s.body AS jsonb), \"ProfessionalId\" = s.pseudonym FROM unnest({0}, {1}, {2}) AS s(sequence, body, pseudonym) WHERE j.\"Sequence\" = s.sequence",
            [named.Select(e => e.Sequence).ToArray(), named.Select(e => e.Body).ToArray(), named.Select(e => e.ProfessionalId!).ToArray()],
            cancellationToken);
    }

    /// <summary>Before a batch of erasures: each professional's exclusive lock, in one statement, waiting for batches that name them.</summary>
    public async Task LockForErasureAsync(IEnumerable<string> professionalIds, ReportingDbContext db, CancellationToken cancellationToken) =>
        await LockAsync(db, (await KeysAsync(db, [.. professionalIds.Distinct(StringComparer.Ordinal)], cancellationToken)).Values, "pg_advisory_xact_lock", cancellationToken);

    /// <summary>Puts the professional on the list; returns their pseudonym (the one given before, when erased before).</summary>
    public async Task<string> RecordAsync(string professionalId, DateTimeOffset erasedAt, ReportingDbContext db, CancellationToken cancellationToken)
    {
        var key = (await KeysAsync(db, [professionalId], cancellationToken))[professionalId];
        var pseudonym = PseudonymPrefix + Guid.NewGuid().ToString("N");
        var recorded = await db.Database.SqlQueryRaw<string>(RecordSql, key, pseudonym, erasedAt.ToUniversalTime()).ToListAsync(cancellationToken);
        return recorded.Single();
    }

    private static async Task<Dictionary<string, string>> PseudonymsAsync(ReportingDbContext db, Dictionary<string, string> keys, CancellationToken cancellationToken)
    {
        var byKey = keys.ToDictionary(k => k.Value, k => k.Key, StringComparer.Ordinal);
        var found = await db.ErasedProfessionals.FromSqlRaw("SELECT * FROM erased_professionals WHERE \"Key\" = ANY({0})", [byKey.Keys.ToArray()])
            .AsNoTracking().ToListAsync(cancellationToken);
        return found.ToDictionary(e => byKey[e.Key], e => e.Pseudonym, StringComparer.Ordinal);
    }

    /// <summary>Advisory locks on the keys, in key order, so batches and erasures never wait on each other crosswise.</summary>
    private static Task LockAsync(ReportingDbContext db, IEnumerable<string> keys, string function, CancellationToken cancellationToken)
    {
        var locks = keys.Select(k => BinaryPrimitives.ReadInt32BigEndian(Convert.FromHexString(k.AsSpan(0, 8)))).Distinct().Order().ToArray();
#pragma warning disable EF1003 // The function is one of two constants; the keys are a parameter.
        return locks.Length == 0
            ? Task.CompletedTask
            : db.Database.ExecuteSqlRawAsync("SELECT " + function + "({0}, k) FROM unnest({1}) AS k", [LockClass, locks], cancellationToken);
#pragma warning restore EF1003
    }

    private async Task<Dictionary<string, string>> KeysAsync(ReportingDbContext db, List<string> professionalIds, CancellationToken cancellationToken)
    {
        // The installation's key: configured (Reporting:ErasureKey), or the one its database was given at creation.
        var key = _key ??= Convert.FromHexString(await db.Database.SqlQueryRaw<string>("SELECT \"Key\" AS \"Value\" FROM erasure_key").SingleAsync(cancellationToken));
        return professionalIds.ToDictionary(id => id, id => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(id))), StringComparer.Ordinal);
    }

    private static TEvent Scrubbed<TEvent>(TEvent evt, string professionalId, string pseudonym) =>
        JsonSerializer.Deserialize<TEvent>(PersonalData.Scrub(JsonSerializer.Serialize(evt, Journal.Json), professionalId, pseudonym), Journal.Json)!;
}
