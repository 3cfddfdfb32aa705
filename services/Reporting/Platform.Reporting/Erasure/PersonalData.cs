using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Contracts.Events;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Erasure;

/// <summary>
/// What of an event names a person, and how it is scrubbed: the professional id becomes the pseudonym
/// wherever it occurs, names and addresses become empty, organization, role, comment and reason null. The one
/// rule for the journal's SQL scrub and for events scrubbed before they are stored.
/// </summary>
public static class PersonalData
{
    /// <summary>Required text fields (names, e-mail): kept, empty.</summary>
    public static readonly string[] Blanked = ["fullName", "email", "displayName", "owner", "name"];

    /// <summary>Optional fields that describe the person or are their own words (a cancellation's reason): null.</summary>
    public static readonly string[] Nulled = ["organizationName", "role", "comment", "reason"];

    /// <summary>
    /// A member's own words that no figure uses, in events that name no professional (so an erasure could
    /// not find them in the journal): journaled empty, per event type.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> NotJournaled = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [nameof(ThreadStarted)] = ["title"],
    };

    /// <summary>An event's JSON as the journal keeps it: the fields of <see cref="NotJournaled"/> empty.</summary>
    public static string ForJournal<TEvent>(TEvent evt)
    {
        if (!NotJournaled.TryGetValue(typeof(TEvent).Name, out var fields))
        {
            return JsonSerializer.Serialize(evt, Journal.Json);
        }

        var body = JsonSerializer.SerializeToNode(evt, Journal.Json)!.AsObject();
        foreach (var field in fields)
        {
            body[field] = string.Empty;
        }

        return body.ToJsonString();
    }

    /// <summary>An event's JSON (the contract's camelCase) with the person scrubbed.</summary>
    public static string Scrub(string json, string professionalId, string pseudonym)
    {
        var body = JsonNode.Parse(json.Replace(professionalId, pseudonym, StringComparison.Ordinal))!.AsObject();
        foreach (var field in Blanked.Where(body.ContainsKey))
        {
            body[field] = string.Empty;
        }

        foreach (var field in Nulled.Where(body.ContainsKey))
        {
            body[field] = null;
        }

        return body.ToJsonString();
    }
}

/// <summary>The professional an event of <typeparamref name="TEvent"/> names (a participant, an action's owner); <see cref="Of"/> is null for kinds that name none.</summary>
internal static class NamedProfessional<TEvent>
{
    public static readonly Func<TEvent, string?>? Of = Accessor();

    private static Func<TEvent, string?>? Accessor()
    {
        var property = typeof(TEvent).GetProperty("ProfessionalId") ?? typeof(TEvent).GetProperty("OwnerProfessionalId");
        return property is { PropertyType: var type, GetMethod: { } getter } && type == typeof(string)
            ? getter.CreateDelegate<Func<TEvent, string?>>()
            : null;
    }
}
