using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Reporting.Data;

namespace Platform.Reporting.Ingest;

/// <summary>Appends taken-in events to the journal; an event id seen before is not appended again.</summary>
public static class Journal
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string AppendSql = """
        INSERT INTO journal ("EventId", "Type", "OccurredAt", "Body", "ProfessionalId")
        VALUES ({0}, {1}, {2}, CAST({3} AS jsonb), {4})
        ON CONFLICT ("EventId") DO NOTHING
        """;

    /// <summary>True when the event is new (its effect should be applied); false for one taken in before.</summary>
    public static async Task<bool> AppendAsync<TEvent>(ReportingDbContext db, TEvent evt, CancellationToken cancellationToken)
        where TEvent : IIntegrationEvent
    {
        var body = JsonSerializer.SerializeToElement(evt, Json);
        var professional = ProfessionalIn(body);
        var rows = await db.Database.ExecuteSqlRawAsync(
            AppendSql,
            [evt.EventId, typeof(TEvent).Name, evt.OccurredAt.ToUniversalTime(), body.GetRawText(), SqlValues.Text(professional)],
            cancellationToken);
        return rows == 1;
    }

    /// <summary>The professional an event names (a participant, an action's owner), for erasure.</summary>
    private static string? ProfessionalIn(JsonElement body) =>
        body.TryGetProperty("professionalId", out var id) || body.TryGetProperty("ownerProfessionalId", out id)
            ? id.ValueKind == JsonValueKind.String ? id.GetString() : null
            : null;
}
