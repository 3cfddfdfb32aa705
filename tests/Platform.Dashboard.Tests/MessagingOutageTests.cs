using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Dashboard.Tests;

/// <summary>The messaging page's API while its broker is stopped: an answer that says so, not a server error.</summary>
public sealed class MessagingOutageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_look_into_a_queue_while_RabbitMQ_is_stopped_answers_503_like_a_re_drive()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRabbitMQ("rabbitmq");
        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        await app.StopResourceAsync("rabbitmq", Cancel);
        using var client = app.CreateDashboardClient();

        using var peek = await client.GetAsync(new Uri("/api/messaging/rabbitmq/queues/orders_error/messages", UriKind.Relative), Cancel);
        using var redrive = await client.PostAsJsonAsync("/api/messaging/rabbitmq/queues/orders_error/redrive", new { messageId = "m-1" }, Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, redrive.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, peek.StatusCode);
        Assert.Contains("management API", (await peek.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
