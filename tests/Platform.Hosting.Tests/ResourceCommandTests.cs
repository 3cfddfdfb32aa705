using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Platform.Hosting.Testing;

namespace Platform.Hosting.Tests;

/// <summary>Commands declared with WithCommand on a real Redis, listed and run through the resource API.</summary>
public sealed class ResourceCommandTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_resource_API_lists_the_commands_and_answers_success_failure_and_refusals()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis").WithCountKeysCommand()
            .WithCommand("fail", "Fail", _ => Task.FromResult(CommandResults.Failure("The disk is full.")))
            .WithCommand("throw", "Throw", _ => throw new InvalidOperationException("Something broke."))
            .WithCommand("flush", "Flush", _ => Task.FromResult(CommandResults.Success()), new CommandOptions
            {
                ConfirmationMessage = "Remove every key?",
                UpdateState = _ => CommandState.Disabled("Only in the maintenance window."),
            })
            .WithCommand("secret", "Secret", _ => Task.FromResult(CommandResults.Success()), new CommandOptions { UpdateState = _ => CommandState.Hidden });
        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        await app.WaitForResourceAsync("redis", s => Command(s, "count-keys").State == ResourceCommandState.Enabled, Cancel);
        using var client = app.CreateDashboardClient();

        var listed = await client.GetFromJsonAsync<JsonElement>("/api/resources/redis", Cancel);
        var commands = listed.GetProperty("commands").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["count-keys", "fail", "throw", "flush", "secret"], commands.Keys);
        Assert.Equal("Count keys", commands["count-keys"].GetProperty("displayName").GetString());
        Assert.Equal("Enabled", commands["count-keys"].GetProperty("state").GetString());
        Assert.Equal("Disabled", commands["flush"].GetProperty("state").GetString());
        Assert.Equal("Only in the maintenance window.", commands["flush"].GetProperty("disabledReason").GetString());
        Assert.Equal("Remove every key?", commands["flush"].GetProperty("confirmationMessage").GetString());
        Assert.Equal("Hidden", commands["secret"].GetProperty("state").GetString());

        var counted = await RunAsync(client, "redis", "count-keys");
        Assert.Equal(HttpStatusCode.OK, counted.Status);
        Assert.True(counted.Body.GetProperty("success").GetBoolean());
        Assert.Equal("0 keys", counted.Body.GetProperty("message").GetString());
        Assert.Contains(app.ResourceLogs.Tail("redis"), l => l.Text == "[count-keys] Count keys: succeeded: 0 keys");

        var failed = await RunAsync(client, "redis", "fail");
        Assert.Equal(HttpStatusCode.OK, failed.Status);
        Assert.False(failed.Body.GetProperty("success").GetBoolean());
        Assert.Equal("The disk is full.", failed.Body.GetProperty("message").GetString());
        var thrown = await RunAsync(client, "redis", "throw");
        Assert.False(thrown.Body.GetProperty("success").GetBoolean());
        Assert.Equal("Something broke.", thrown.Body.GetProperty("message").GetString());

        var disabled = await RunAsync(client, "redis", "flush");
        Assert.Equal(HttpStatusCode.Conflict, disabled.Status);
        Assert.Equal("Only in the maintenance window.", disabled.Body.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await RunAsync(client, "redis", "secret")).Status);
        var unknown = await RunAsync(client, "redis", "explode");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("no command named 'explode' (it has count-keys, fail, throw, flush, secret)", unknown.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await RunAsync(client, "nope", "count-keys")).Status);
    }

    [Fact]
    public async Task A_command_runs_once_at_a_time_and_waits_for_the_health_it_needs()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRedis("redis").WithCountKeysCommand()
            .WithCommand("slow", "Slow", async context =>
            {
                await release.Task.WaitAsync(context.CancellationToken);
                return CommandResults.Success();
            });
        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        using var client = app.CreateDashboardClient();

        var first = RunAsync(client, "redis", "slow");
        await app.WaitForResourceAsync("redis", s => Command(s, "slow").State == ResourceCommandState.Disabled, Cancel);
        var second = await RunAsync(client, "redis", "slow");
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.StartsWith("Slow is running (since ", second.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        release.SetResult();
        Assert.True((await first).Body.GetProperty("success").GetBoolean());
        await app.WaitForResourceAsync("redis", s => Command(s, "slow").State == ResourceCommandState.Enabled, Cancel);

        await client.PostAsync(new Uri("/api/resources/redis/stop", UriKind.Relative), null, Cancel);
        await app.WaitForResourceAsync("redis", s => Command(s, "count-keys").DisabledReason == "Waiting for redis to be Healthy (it is Exited).", Cancel).WaitAsync(TimeSpan.FromSeconds(30), Cancel);
        Assert.Equal(HttpStatusCode.Conflict, (await RunAsync(client, "redis", "count-keys")).Status);

        await client.PostAsync(new Uri("/api/resources/redis/start", UriKind.Relative), null, Cancel);
        await app.WaitForResourceAsync("redis", s => Command(s, "count-keys").State == ResourceCommandState.Enabled, Cancel);
        Assert.Equal("0 keys", (await RunAsync(client, "redis", "count-keys")).Body.GetProperty("message").GetString());
    }

    private static CommandSnapshot Command(ResourceSnapshot snapshot, string name) => snapshot.Commands.Single(c => c.Name == name);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> RunAsync(HttpClient client, string resource, string command)
    {
        var response = await client.PostAsync(new Uri($"/api/resources/{resource}/commands/{command}", UriKind.Relative), null, Cancel);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Cancel));
    }
}

/// <summary>A command as an AppHost would write one: asks the Redis server how many keys it holds, over its own protocol.</summary>
internal static class CountKeysCommand
{
    public static IResourceBuilder<RedisResource> WithCountKeysCommand(this IResourceBuilder<RedisResource> redis) =>
        redis.WithCommand("count-keys", "Count keys", context => CountAsync(redis.Resource, context), new CommandOptions
        {
            Description = "DBSIZE of the server",
            UpdateState = context => context.WhenHealthy(redis.Resource.Name),
        });

    private static async Task<ExecuteCommandResult> CountAsync(RedisResource redis, ExecuteCommandContext context)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(redis.PrimaryEndpoint.Host, redis.PrimaryEndpoint.Port, context.CancellationToken);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {redis.Password}\r\nDBSIZE\r\n"), context.CancellationToken);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var auth = await reader.ReadLineAsync(context.CancellationToken);
        var size = await reader.ReadLineAsync(context.CancellationToken);
        return auth == "+OK" && size is [':', .. var count]
            ? CommandResults.Success($"{count} keys")
            : CommandResults.Failure($"Redis answered '{auth}' and '{size}'.");
    }
}
