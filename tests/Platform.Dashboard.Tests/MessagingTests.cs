using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Hosting;
using Platform.Hosting.Testing;
using RabbitMQ.Client;

namespace Platform.Dashboard.Tests;

/// <summary>The messaging page's API on the real broker: queues, an error queue's reasons, re-drive.</summary>
[Collection(DashboardServers.Name)]
public sealed class MessagingTests(DashboardFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private DistributedApplication App => fixture.App;

    [Fact]
    public async Task A_dead_lettered_message_shows_its_reason_and_is_re_driven_to_its_queue()
    {
        var queue = "dashboard-probe-" + Guid.NewGuid().ToString("N")[..6];
        await using var connection = await new ConnectionFactory { Uri = new Uri(App.GetConnectionString("rabbitmq")) }.CreateConnectionAsync(Cancel);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancel);
        await channel.QueueDeclareAsync(queue + "_error", durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancel);
        var kept = Guid.NewGuid().ToString();
        var redriven = Guid.NewGuid().ToString();
        await DeadLetterAsync(channel, queue + "_error", kept, "first");
        await DeadLetterAsync(channel, queue + "_error", redriven, "second");
        using var client = App.CreateDashboardClient();

        var listed = await Poll.UntilAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>("/api/messaging/queues", Cancel)).GetProperty("queues").EnumerateArray()
                .FirstOrDefault(q => q.GetProperty("name").GetString() == queue + "_error") is { ValueKind: JsonValueKind.Object } q && q.GetProperty("ready").GetInt64() == 2 ? q.GetRawText() : null,
            "the error queue with two messages in the management API");
        Assert.True(JsonDocument.Parse(listed).RootElement.GetProperty("isErrorQueue").GetBoolean());

        var messages = await client.GetFromJsonAsync<JsonElement>($"/api/messaging/rabbitmq/queues/{queue}_error/messages", Cancel);
        var second = messages.EnumerateArray().Single(m => m.GetProperty("messageId").GetString() == redriven);
        Assert.Equal("System.InvalidOperationException", second.GetProperty("exceptionType").GetString());
        Assert.Equal("Seat counter missing for second", second.GetProperty("exceptionMessage").GetString());

        var response = await client.PostAsJsonAsync($"/api/messaging/rabbitmq/queues/{queue}_error/redrive", new { messageId = redriven }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var delivered = await channel.BasicGetAsync(queue, autoAck: true, Cancel);
        Assert.NotNull(delivered);
        Assert.Equal(redriven, delivered.BasicProperties.MessageId);
        Assert.Equal("second", Encoding.UTF8.GetString(delivered.Body.Span));
        Assert.False(delivered.BasicProperties.Headers?.ContainsKey("MT-Fault-Message") ?? false);
        var left = await channel.BasicGetAsync(queue + "_error", autoAck: true, Cancel);
        Assert.Equal(kept, left?.BasicProperties.MessageId);
        Assert.Null(await channel.BasicGetAsync(queue + "_error", autoAck: true, Cancel));

        var again = await client.PostAsJsonAsync($"/api/messaging/rabbitmq/queues/{queue}_error/redrive", new { messageId = redriven }, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var notError = await client.PostAsJsonAsync($"/api/messaging/rabbitmq/queues/{queue}/redrive", new { messageId = kept }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, notError.StatusCode);
    }

    [Fact]
    public async Task The_outbox_lag_of_every_service_is_reported_from_its_metric()
    {
        using var client = App.CreateDashboardClient();

        var outbox = await Poll.UntilAsync(
            async () => await client.GetFromJsonAsync<JsonElement>("/api/messaging/outbox", Cancel) is var o
                && o.EnumerateArray().Any(s => s.GetProperty("service").GetString() == "partner" && s.TryGetProperty("lagSeconds", out var l) && l.ValueKind == JsonValueKind.Number) ? o.GetRawText() : null,
            "partner's platform.outbox.lag metric");

        var partner = JsonDocument.Parse(outbox).RootElement.EnumerateArray().Single(s => s.GetProperty("service").GetString() == "partner");
        Assert.InRange(partner.GetProperty("lagSeconds").GetDouble(), 0, 60);
    }

    private static async Task DeadLetterAsync(IChannel channel, string errorQueue, string messageId, string body)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId,
            ContentType = "application/vnd.masstransit+json",
            Headers = new Dictionary<string, object?>
            {
                ["MT-Reason"] = "fault",
                ["MT-Fault-ExceptionType"] = "System.InvalidOperationException",
                ["MT-Fault-Message"] = "Seat counter missing for " + body,
                ["MT-Fault-Timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            },
        };
        await channel.BasicPublishAsync(string.Empty, errorQueue, mandatory: true, properties, Encoding.UTF8.GetBytes(body), Cancel);
    }
}
