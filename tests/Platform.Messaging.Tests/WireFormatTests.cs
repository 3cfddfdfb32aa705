using Platform.Hosting.Testing;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Events;
using Platform.Messaging.Probe;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.Messaging.Tests;

/// <summary>What a subscriber in any language receives is what docs/events.md shows.</summary>
[Collection(MessagingServers.Name)]
public sealed class WireFormatTests(MessagingFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_event_from_the_outbox_arrives_on_its_exchange_exactly_in_the_documented_envelope()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);
        await using var subscriber = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:MemberErased", Cancel);
        var erased = new MemberErased
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero),
            MemberId = Guid.NewGuid(),
            ProfessionalId = new string('a', 64),
        };

        await using (var scope = probe.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ProbeDbContext>();
            db.AddEvent(erased, erased.MemberId);
            await db.SaveChangesAsync(Cancel);
        }

        var received = new List<JsonElement>();
        await Eventually.ReachesAsync(async () => { received.AddRange(await subscriber.DrainAsync(Cancel)); return received.Count; }, n => n >= 1, TimeSpan.FromSeconds(15));
        var wire = Assert.Single(received);
        var documented = DocumentedExample("MemberErased");

        Assert.Equal(Keys(documented), Keys(wire));
        Assert.Equal(Keys(documented.GetProperty("message")), Keys(wire.GetProperty("message")));
        Assert.Equal(Strings(documented.GetProperty("messageType")), Strings(wire.GetProperty("messageType")));
        Assert.Equal(erased.EventId, wire.GetProperty("messageId").GetGuid());
        Assert.Equal("2026-11-24T09:30:00+00:00", wire.GetProperty("message").GetProperty("occurredAt").GetString());
        Assert.Equal(erased.ProfessionalId, wire.GetProperty("message").GetProperty("professionalId").GetString());
    }

    [Fact]
    public async Task A_running_service_has_MassTransit_usage_telemetry_to_its_makers_turned_off()
    {
        await using var probe = await ProbeInstance.StartAsync(await fixture.CreateDatabaseAsync(), fixture.RabbitMq);

        Assert.False(probe.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MassTransit.UsageTelemetryOptions>>().Value.Enabled);
    }

    private static List<string> Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];

    /// <summary>The JSON example under the event's heading in docs/events.md.</summary>
    private static JsonElement DocumentedExample(string eventName)
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "docs", "events.md"));
        var section = text[text.IndexOf($"\n## {eventName}\n", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        var end = section.IndexOf("\n```", start, StringComparison.Ordinal);
        return JsonDocument.Parse(section[start..end]).RootElement.Clone();
    }
}
