using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Dashboard.Tests;

/// <summary>The messaging calls while the operator has stopped RabbitMQ.</summary>
public sealed class BrokerStoppedTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Peeking_at_an_error_queue_of_a_stopped_broker_is_503_saying_so()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRabbitMQ("rabbitmq");
        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        await app.Orchestrator.StopResourceAsync("rabbitmq");
        using var client = app.CreateDashboardClient();

        using var response = await client.GetAsync(new Uri("/api/messaging/rabbitmq/queues/orders_error/messages", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("rabbitmq: the management API did not answer", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
