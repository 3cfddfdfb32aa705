using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Reporting.Data;
using Platform.Reporting.Erasure;

namespace Platform.Reporting.Ingest;

/// <summary>Appends taken-in events to the journal; an event id seen before is not appended again.</summary>
public static class Journal
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string AppendSql = """
        INSERT INTO journal ("EventId", "Type", "OccurredAt", "Body", "ProfessionalId")
        VALUES {0}
        ON CONFLICT ("EventId") DO NOTHING
        RETURNING "EventId" AS "Value"
        """;

    /// <summary>
    /// Appends the events in one statement, in their order; returns those that are new (their effect
    /// should be applied): an event id taken in before, or twice in the batch, is left out.
    /// </summary>
    public static async Task<IReadOnlyList<TEvent>> AppendAsync<TEvent>(ReportingDbContext db, IReadOnlyList<TEvent> events, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        var distinct = events.DistinctBy(e => e.EventId).ToList();
        var rows = new StringBuilder();
        var parameters = new List<object>(distinct.Count * 5);
        foreach (var evt in distinct)
        {
            var at = parameters.Count;
            rows.Append(CultureInfo.InvariantCulture, $"({{{at}}}, {{{at + 1}}}, {{{at + 2}}}, CAST({{{at + 3}}} AS jsonb), {{{at + 4}}}),");
            parameters.AddRange([evt.EventId, typeof(TEvent).Name, evt.OccurredAt.ToUniversalTime(), PersonalData.ForJournal(evt), SqlValues.Text(NamedProfessional<TEvent>.Of?.Invoke(evt))]);
        }

        rows.Length--;
#pragma warning disable EF1002 // Only placeholders are formatted in; the values are parameters.
        var appended = await db.Database.SqlQueryRaw<Guid>(AppendSql.Replace("{0}", rows.ToString(), StringComparison.Ordinal), [.. parameters]).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        var fresh = appended.ToHashSet();
        return distinct.Where(e => fresh.Contains(e.EventId)).ToList();
    }
}
