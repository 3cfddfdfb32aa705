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
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
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
    public async Task Only_error_queues_are_peeked_and_a_live_queues_messages_are_left_alone()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        await channel.BasicPublishAsync(string.Empty, queue, Encoding.UTF8.GetBytes("waiting for its consumer"), Cancel);
        using var client = App.CreateDashboardClient();

        using var response = await client.GetAsync($"/api/messaging/rabbitmq/queues/{queue}/messages", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not an error queue", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var delivered = await channel.BasicGetAsync(queue, autoAck: true, Cancel);
        Assert.NotNull(delivered);
        Assert.False(delivered.Redelivered, "The peek took the live queue's message from under its consumer and put it back as redelivered.");
    }

    [Fact]
    public async Task A_message_without_properties_in_an_error_queue_is_listed_beside_the_others()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        await channel.BasicPublishAsync(string.Empty, queue + "_error", Encoding.UTF8.GetBytes("bare"), Cancel);
        var faulted = Guid.NewGuid().ToString();
        await DeadLetterAsync(channel, queue + "_error", faulted, "faulted");
        using var client = App.CreateDashboardClient();

        var response = await client.GetAsync($"/api/messaging/rabbitmq/queues/{queue}_error/messages", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messages = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.False(messages[0].TryGetProperty("messageId", out _));
        Assert.Equal("bare", messages[0].GetProperty("payload").GetString());
        Assert.Equal(faulted, messages[1].GetProperty("messageId").GetString());
        Assert.Equal("System.InvalidOperationException", messages[1].GetProperty("exceptionType").GetString());
    }

    [Fact]
    public async Task Re_drives_pressed_at_once_move_each_message_exactly_once()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        var ids = Enumerable.Range(0, 200).Select(i => $"{i:000}-{Guid.NewGuid()}").ToList();
        foreach (var id in ids)
        {
            await channel.BasicPublishAsync(string.Empty, queue + "_error", mandatory: true, new BasicProperties { MessageId = id }, Encoding.UTF8.GetBytes(id), Cancel);
        }

        using var client = App.CreateDashboardClient();
        string[] pressed = [ids[150], ids[150], ids[20], ids[100], ids[199]];
        var answers = await Task.WhenAll(pressed.Select(id => client.PostAsJsonAsync($"/api/messaging/rabbitmq/queues/{queue}_error/redrive", new { messageId = id }, Cancel)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound], answers.Select(a => a.StatusCode).Order());
        var moved = new List<string>();
        while (await channel.BasicGetAsync(queue, autoAck: true, Cancel) is { } message)
        {
            moved.Add(message.BasicProperties.MessageId!);
        }

        Assert.Equal(pressed.Distinct().Order(), moved.Order());
        var left = new List<string>();
        while (await channel.BasicGetAsync(queue + "_error", autoAck: true, Cancel) is { } message)
        {
            left.Add(message.BasicProperties.MessageId!);
        }

        Assert.Equal(ids.Except(pressed), left);
    }

    [Fact]
    public async Task A_re_drive_while_the_page_peeks_at_the_error_queue_finds_its_message()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        var ids = Enumerable.Range(0, 100).Select(i => $"{i:000}-{Guid.NewGuid()}").ToList();
        foreach (var id in ids)
        {
            await DeadLetterAsync(channel, queue + "_error", id, id);
        }

        // The page peeks every few seconds, and several operators may have it open: here it peeks
        // without pause while the operator re-drives messages one by one.
        using var client = App.CreateDashboardClient();
        using var peeking = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var peeks = Task.Run(
            async () =>
            {
                while (!peeking.IsCancellationRequested)
                {
                    using var peek = await client.GetAsync($"/api/messaging/rabbitmq/queues/{queue}_error/messages?count=200", CancellationToken.None);
                    Assert.Equal(HttpStatusCode.OK, peek.StatusCode);
                }
            },
            Cancel);

        var answers = new List<HttpStatusCode>();
        foreach (var id in ids.Where((_, i) => i % 5 == 0))
        {
            using var response = await client.PostAsJsonAsync($"/api/messaging/rabbitmq/queues/{queue}_error/redrive", new { messageId = id }, Cancel);
            answers.Add(response.StatusCode);
        }

        await peeking.CancelAsync();
        await peeks;
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        var moved = new List<string>();
        while (await channel.BasicGetAsync(queue, autoAck: true, Cancel) is { } message)
        {
            moved.Add(message.BasicProperties.MessageId!);
        }

        Assert.Equal(ids.Where((_, i) => i % 5 == 0), moved.Order());
    }

    [Fact]
    public async Task Looks_into_queues_leave_no_turn_behind_once_they_end()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        var id = Guid.NewGuid().ToString();
        await DeadLetterAsync(channel, queue + "_error", id, "moved");
        using var client = App.CreateDashboardClient();

        // Any error queue's name a signed-in operator types is looked up, a queue that exists or not.
        var typed = Enumerable.Range(0, 20).Select(i => $"typed-{i}-{Guid.NewGuid():N}_error").ToList();
        foreach (var name in typed)
        {
            using var peek = await client.GetAsync($"/api/messaging/rabbitmq/queues/{name}/messages", Cancel);
            Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
        }

        using (var peek = await client.GetAsync($"/api/messaging/rabbitmq/queues/{queue}_error/messages", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, peek.StatusCode);
        }

        using (var redrive = await client.PostAsJsonAsync($"/api/messaging/rabbitmq/queues/{queue}_error/redrive", new { messageId = id }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);
        }

        Assert.DoesNotContain(Platform.Hosting.Dashboard.Messaging.QueueTurns.Held, key => key.Contains(queue, StringComparison.Ordinal) || typed.Any(t => key.EndsWith("/" + t, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_message_of_an_error_queue_is_re_driven_at_once_in_order()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        string[] ids = [Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString()];
        foreach (var id in ids)
        {
            await DeadLetterAsync(channel, queue + "_error", id, "body of " + id);
        }

        using var client = App.CreateDashboardClient();
        var response = await client.PostAsync(new Uri($"/api/messaging/rabbitmq/queues/{queue}_error/redrive-all", UriKind.Relative), null, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(3, result.GetProperty("moved").GetInt64());
        Assert.Equal(queue, result.GetProperty("queue").GetString());
        foreach (var id in ids)
        {
            var delivered = await channel.BasicGetAsync(queue, autoAck: true, Cancel);
            Assert.Equal(id, delivered?.BasicProperties.MessageId);
            Assert.Equal("body of " + id, Encoding.UTF8.GetString(delivered!.Body.Span));
            Assert.False(delivered.BasicProperties.Headers?.ContainsKey("MT-Reason") ?? false);
        }

        Assert.Null(await channel.BasicGetAsync(queue, autoAck: true, Cancel));
        Assert.Equal(0u, await channel.MessageCountAsync(queue + "_error", Cancel));
        var empty = await client.PostAsync(new Uri($"/api/messaging/rabbitmq/queues/{queue}_error/redrive-all", UriKind.Relative), null, Cancel);
        Assert.Equal(0, (await empty.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("moved").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(new Uri($"/api/messaging/rabbitmq/queues/{queue}/redrive-all", UriKind.Relative), null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(new Uri("/api/messaging/rabbitmq/queues/no-such-queue_error/redrive-all", UriKind.Relative), null, Cancel)).StatusCode);
        await channel.QueueDeclareAsync("orphan-" + queue + "_error", durable: false, exclusive: false, autoDelete: true, cancellationToken: Cancel);
        var orphan = await client.PostAsync(new Uri($"/api/messaging/rabbitmq/queues/orphan-{queue}_error/redrive-all", UriKind.Relative), null, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, orphan.StatusCode);
    }

    [Fact]
    public async Task A_message_the_broker_refuses_stays_in_its_error_queue_and_the_answer_says_how_many_moved()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = "dashboard-probe-" + Guid.NewGuid().ToString("N")[..6];
        var full = new Dictionary<string, object?> { ["x-max-length"] = 1, ["x-overflow"] = "reject-publish" };
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, full, cancellationToken: Cancel);
        await channel.QueueDeclareAsync(queue + "_error", durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancel);
        string[] ids = [Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString()];
        foreach (var id in ids)
        {
            await DeadLetterAsync(channel, queue + "_error", id, "body of " + id);
        }

        using var client = App.CreateDashboardClient();
        var all = await client.PostAsync(new Uri($"/api/messaging/rabbitmq/queues/{queue}_error/redrive-all", UriKind.Relative), null, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, all.StatusCode);
        Assert.Contains($"Moved 1 of 3 messages from '{queue}_error' to '{queue}'", (await all.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
        var one = await client.PostAsJsonAsync($"/api/messaging/rabbitmq/queues/{queue}_error/redrive", new { messageId = ids[2] }, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, one.StatusCode);
        Assert.Contains($"RabbitMQ refused message '{ids[2]}' in '{queue}' (the queue is full or refuses new messages); it stays in '{queue}_error'.", (await one.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());

        Assert.Equal(ids[0], (await channel.BasicGetAsync(queue, autoAck: true, Cancel))?.BasicProperties.MessageId);
        Assert.Null(await channel.BasicGetAsync(queue, autoAck: true, Cancel));
        foreach (var id in ids[1..])
        {
            Assert.Equal(id, (await channel.BasicGetAsync(queue + "_error", autoAck: true, Cancel))?.BasicProperties.MessageId);
        }

        Assert.Null(await channel.BasicGetAsync(queue + "_error", autoAck: true, Cancel));
    }

    [Fact]
    public async Task Re_driving_all_says_how_many_moved_when_RabbitMQ_closes_the_channel_midway()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        const int Waiting = 3000;
        for (var i = 0; i < Waiting; i++)
        {
            await channel.BasicPublishAsync(string.Empty, queue + "_error", mandatory: false, new BasicProperties { MessageId = i.ToString() }, Encoding.UTF8.GetBytes("body"), Cancel);
        }

        // Published without confirms: all waiting before the re-drive counts them.
        await Poll.UntilAsync(async () => await channel.MessageCountAsync(queue + "_error", Cancel) == Waiting ? (object)true : null, "all messages in the error queue");
        using var client = App.CreateDashboardClient();
        var redrive = client.PostAsync(new Uri($"/api/messaging/rabbitmq/queues/{queue}_error/redrive-all", UriKind.Relative), null, Cancel);
        await Poll.UntilAsync(async () => await channel.MessageCountAsync(queue, Cancel) > 0 ? (object)true : null, "the first messages moved");
        await channel.QueueDeleteAsync(queue + "_error", cancellationToken: Cancel);
        using var response = await redrive;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var moved = await channel.MessageCountAsync(queue, Cancel);
        Assert.InRange<uint>(moved, 1, Waiting - 1);
        Assert.StartsWith($"Moved {moved} of {Waiting} messages from '{queue}_error' to '{queue}', then RabbitMQ closed the channel (", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Re_driving_a_whole_error_queue_from_the_page_asks_first_and_says_how_many_moved()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        await DeadLetterAsync(channel, queue + "_error", Guid.NewGuid().ToString(), "one");
        await DeadLetterAsync(channel, queue + "_error", Guid.NewGuid().ToString(), "two");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/messaging");
        var button = page.Locator($"button[data-redrive-all='{queue}_error']");

        var asked = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        };
        await button.ClickAsync(new() { Timeout = 60_000 });
        await Poll.UntilAsync(() => asked.Count == 1 ? asked : null, "the confirmation");
        Assert.Equal($"Re-drive all 2 messages of {queue}_error to {queue}?", asked[0]);
        Assert.Equal(2u, await channel.MessageCountAsync(queue + "_error", Cancel));

        accept = true;
        await button.ClickAsync();

        await Microsoft.Playwright.Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync($"Moved 2 messages from {queue}_error to {queue}.");
        Assert.Equal(2u, await channel.MessageCountAsync(queue, Cancel));
        Assert.Equal(0u, await channel.MessageCountAsync(queue + "_error", Cancel));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_message_without_an_id_or_fault_headers_says_so_on_the_page_instead_of_offering_a_dead_re_drive()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        await channel.BasicPublishAsync(string.Empty, queue + "_error", Encoding.UTF8.GetBytes("bare"), Cancel);
        await DeadLetterAsync(channel, queue + "_error", Guid.NewGuid().ToString(), "faulted");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/messaging");

        var rows = page.Locator($"table[data-queue='{queue}_error'] tbody tr");
        await Microsoft.Playwright.Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await Microsoft.Playwright.Assertions.Expect(rows.Nth(0)).ToContainTextAsync("No MassTransit fault headers");
        await Microsoft.Playwright.Assertions.Expect(rows.Nth(0)).ToContainTextAsync("No message id: Re-drive all moves it");
        Assert.Equal(0, await rows.Nth(0).Locator("button").CountAsync());
        await Microsoft.Playwright.Assertions.Expect(rows.Nth(1)).ToContainTextAsync("System.InvalidOperationException");
        Assert.Equal(1, await rows.Nth(1).Locator("button[data-redrive]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_message_failed_at_the_viewers_local_time_as_the_other_pages_show_times()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        var properties = new BasicProperties
        {
            MessageId = Guid.NewGuid().ToString(),
            Headers = new Dictionary<string, object?> { ["MT-Reason"] = "fault", ["MT-Fault-Timestamp"] = "2026-11-24T10:00:00.2500000Z" },
        };
        await channel.BasicPublishAsync(string.Empty, queue + "_error", mandatory: true, properties, "late"u8.ToArray(), Cancel);

        // Kathmandu is 5:45 ahead of UTC all year: 10:00:00.250 UTC is 15:45:00.250 there.
        var page = await fixture.SignedInPageAsync("Asia/Kathmandu");
        await page.GotoAsync("/messaging");

        var failedAt = page.Locator($"table[data-queue='{queue}_error'] tbody tr td").Nth(2);
        await Microsoft.Playwright.Assertions.Expect(failedAt).ToContainTextAsync("15:45:00.250", new() { Timeout = 60_000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_cut_or_binary_body_says_so_on_the_page()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Cancel);
        var queue = await DeclareProbeQueuesAsync(channel);
        await DeadLetterAsync(channel, queue + "_error", Guid.NewGuid().ToString(), new string('x', 30_000));
        await channel.BasicPublishAsync(string.Empty, queue + "_error", mandatory: true, new BasicProperties { MessageId = Guid.NewGuid().ToString() }, new byte[] { 0, 1, 2, 255 }, Cancel);
        await DeadLetterAsync(channel, queue + "_error", Guid.NewGuid().ToString(), "whole");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/messaging");

        var bodies = page.Locator($"table[data-queue='{queue}_error'] tbody tr summary");
        await Microsoft.Playwright.Assertions.Expect(bodies).ToHaveTextAsync(["Body (the first 20000 of 30000 bytes)", "Body (4 bytes, base64)", "Body"], new() { Timeout = 60_000 });
        await page.Context.CloseAsync();
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

    [Fact]
    public async Task The_page_shows_when_each_outbox_lag_was_last_reported()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/messaging");

        await Microsoft.Playwright.Assertions.Expect(page.Locator("tr[data-service='partner'] td.lag"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d s, reported at \d\d:\d\d:\d\d\.\d{3}$"), new() { Timeout = 60_000 });
        await page.Context.CloseAsync();
    }

    /// <summary>A queue of this test alone and its error queue.</summary>
    private static async Task<string> DeclareProbeQueuesAsync(IChannel channel)
    {
        var queue = "dashboard-probe-" + Guid.NewGuid().ToString("N")[..6];
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancel);
        await channel.QueueDeclareAsync(queue + "_error", durable: true, exclusive: false, autoDelete: false, cancellationToken: Cancel);
        return queue;
    }

    private Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { Uri = new Uri(App.GetConnectionString("rabbitmq")) }.CreateConnectionAsync(Cancel);

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
