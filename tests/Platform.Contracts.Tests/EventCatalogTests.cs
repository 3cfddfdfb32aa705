using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Contracts.Events;

namespace Platform.Contracts.Tests;

/// <summary>
/// <c>docs/events.md</c> is what subscribers outside .NET code against, so it must say exactly
/// what the records in <c>Platform.Contracts.Events</c> put on the wire.
/// </summary>
public sealed class EventCatalogTests
{
    private const string Namespace = "Platform.Contracts.Events";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly string[] Producers = ["Partner", "Experience", "Community"];
    private static readonly string[] EnvelopeFields = ["messageId", "conversationId", "sourceAddress", "destinationAddress", "messageType", "message", "sentTime", "headers", "host"];
    private static readonly string[] HostFields = ["machineName", "processName", "processId", "assembly", "assemblyVersion", "frameworkVersion", "massTransitVersion", "operatingSystemVersion"];

    public static TheoryData<string> EventNames => new(EventContract.EventTypes.Select(t => t.Name));

    private static EventCatalog Catalog => EventCatalog.Instance;

    [Fact]
    public void Every_event_type_has_exactly_one_section()
    {
        Assert.NotEmpty(EventContract.EventTypes);
        var problems = EventContract.EventTypes
            .Select(t => (t.Name, Count: Catalog.Sections.Count(s => s.Name == t.Name)))
            .Where(x => x.Count != 1)
            .Select(x => $"{x.Name}: {x.Count} sections")
            .ToList();
        Assert.True(problems.Count == 0, "docs/events.md needs one '## <Name>' section per event: " + string.Join("; ", problems));
    }

    [Fact]
    public void Every_section_names_an_event_type()
    {
        var names = EventContract.EventTypes.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var strangers = Catalog.Sections.Select(s => s.Name).Where(n => !names.Contains(n)).ToList();
        Assert.True(strangers.Count == 0, "Sections without an event type in Platform.Contracts.Events: " + string.Join(", ", strangers));
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Section_names_the_producer_that_declares_the_event_and_its_exchange(string eventName)
    {
        var section = SectionOf(eventName);
        var type = EventContract.EventType(eventName);

        var producerLine = Assert.Single(section.ProducerLines);
        var match = Regex.Match(producerLine, "^(Partner|Experience|Community) service$");
        Assert.True(match.Success, $"{eventName}: 'Producer: {producerLine}' is not 'Producer: <Partner|Experience|Community> service'.");
        var declaredIn = Producers.Where(p => DeclaresRecord(p, eventName)).ToList();
        Assert.Equal([match.Groups[1].Value], declaredIn);

        var exchange = Assert.Single(section.ExchangeLines);
        Assert.Equal($"{Namespace}:{eventName}", exchange);
        Assert.Equal(EventContract.ExchangeOf(type), exchange);
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Field_table_lists_the_record_properties_in_declaration_order_with_their_json_names_and_types(string eventName)
    {
        var section = SectionOf(eventName);
        var rows = section.Fields;
        Assert.True(rows is not null, $"{eventName}: no '| Field | Type | Description |' table.");

        var expected = EventContract.Properties(EventContract.EventType(eventName))
            .Select(p => $"{EventContract.JsonName(p)}: {EventContract.JsonTypeOf(p).JsonType ?? EventContract.JsonTypeOf(p).Problem}")
            .ToList();
        var documented = rows.Select(r => $"{r.Field}: {r.Type}").ToList();
        Assert.Equal(expected, documented);
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Description), $"{eventName}.{r.Field} has no description."));
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Json_example_is_the_masstransit_envelope_published_to_the_event_exchange(string eventName)
    {
        var envelope = ExampleOf(eventName);

        var missing = EnvelopeFields.Where(f => envelope[f] is null).ToList();
        Assert.True(missing.Count == 0, $"{eventName}: the envelope lacks {string.Join(", ", missing)}.");
        var host = Assert.IsType<JsonObject>(envelope["host"]);
        Assert.Equal(HostFields, host.Select(p => p.Key));

        var messageType = Assert.IsType<JsonArray>(envelope["messageType"]).Select(n => n?.GetValue<string>()).ToList();
        Assert.Equal($"urn:message:{Namespace}:{eventName}", messageType.FirstOrDefault());
        Assert.Equal([$"urn:message:{Namespace}:{eventName}", $"urn:message:{Namespace}:{nameof(IIntegrationEvent)}"], messageType);

        var destination = envelope["destinationAddress"]!.GetValue<string>();
        Assert.StartsWith("rabbitmq://", destination, StringComparison.Ordinal);
        Assert.EndsWith($"/{Namespace}:{eventName}", destination, StringComparison.Ordinal);
        Assert.StartsWith("rabbitmq://", envelope["sourceAddress"]!.GetValue<string>(), StringComparison.Ordinal);

        // The catalog promises subscribers they can deduplicate on messageId.
        Assert.Equal(envelope["message"]?["eventId"]?.GetValue<string>(), envelope["messageId"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Json_example_message_has_exactly_the_record_properties_and_nulls_only_where_optional(string eventName)
    {
        var message = Assert.IsType<JsonObject>(ExampleOf(eventName)["message"]);
        var properties = EventContract.Properties(EventContract.EventType(eventName));

        Assert.Equal(properties.Select(EventContract.JsonName), message.Select(p => p.Key));
        var nullButRequired = properties.Where(p => !EventContract.IsNullable(p) && message[EventContract.JsonName(p)] is null).Select(p => p.Name).ToList();
        Assert.True(nullButRequired.Count == 0, $"{eventName}: null example values for non-nullable {string.Join(", ", nullButRequired)}.");
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Json_example_message_round_trips_through_the_record_without_losing_values(string eventName)
    {
        var type = EventContract.EventType(eventName);
        var message = Assert.IsType<JsonObject>(ExampleOf(eventName)["message"]);

        object? record;
        try
        {
            record = message.Deserialize(type, Web);
        }
        catch (JsonException ex)
        {
            Assert.Fail($"{eventName}: the example's message does not deserialize into the record: {ex.Message}");
            return;
        }

        var back = JsonSerializer.SerializeToNode(record, type, Web);
        Assert.True(JsonNode.DeepEquals(message, back), $"{eventName}: the example changed on a round trip through the record.\n  example: {message.ToJsonString()}\n  record:  {back?.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Event_is_a_sealed_record_whose_non_nullable_properties_are_required_and_init_only(string eventName)
    {
        var type = EventContract.EventType(eventName);
        Assert.True(type.IsSealed, $"{eventName} is not sealed.");
        Assert.True(EventContract.IsRecord(type), $"{eventName} is not a record.");
        Assert.True(typeof(IIntegrationEvent).IsAssignableFrom(type), $"{eventName} does not implement IIntegrationEvent.");
        Assert.Equal(Namespace, type.Namespace);

        var properties = EventContract.Properties(type);
        Assert.Equal([nameof(IIntegrationEvent.EventId), nameof(IIntegrationEvent.OccurredAt)], properties.Take(2).Select(p => p.Name));
        var problems = properties.SelectMany(Problems).ToList();
        Assert.True(problems.Count == 0, $"{eventName}: {string.Join("; ", problems)}");

        static IEnumerable<string> Problems(System.Reflection.PropertyInfo property)
        {
            if (!EventContract.IsInitOnly(property))
            {
                yield return $"{property.Name} is not {{ get; init; }}";
            }

            // A required optional fact would make MassTransit's consumers reject events that leave it out.
            var nullable = EventContract.IsNullable(property);
            if (nullable == EventContract.IsRequired(property))
            {
                yield return nullable ? $"{property.Name} is optional and must not be required" : $"{property.Name} is not nullable and must be required";
            }

            if (EventContract.JsonTypeOf(property).Problem is { } problem)
            {
                yield return problem;
            }
        }
    }

    private static CatalogSection SectionOf(string eventName)
    {
        var sections = Catalog.Sections.Where(s => s.Name == eventName).ToList();
        Assert.True(sections.Count == 1, $"docs/events.md has {sections.Count} '## {eventName}' sections; it needs one.");
        return sections[0];
    }

    private static JsonObject ExampleOf(string eventName)
    {
        var json = SectionOf(eventName).JsonExample;
        Assert.True(json is not null, $"{eventName}: no ```json example.");
        try
        {
            return Assert.IsType<JsonObject>(JsonNode.Parse(json));
        }
        catch (JsonException ex)
        {
            Assert.Fail($"{eventName}: the JSON example does not parse: {ex.Message}");
            throw;
        }
    }

    private static bool DeclaresRecord(string producer, string eventName)
    {
        var file = Path.Combine(Repository.Root, "contracts", "Platform.Contracts", "Events", producer + "Events.cs");
        return File.Exists(file) && Regex.IsMatch(File.ReadAllText(file), $@"\brecord\s+{Regex.Escape(eventName)}\b");
    }
}
