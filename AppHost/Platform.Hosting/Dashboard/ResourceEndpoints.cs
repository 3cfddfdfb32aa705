using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Hosting.Api;

namespace Platform.Hosting.Dashboard;

/// <summary>What the resources and console pages read and run: live snapshots, launched environments, console lines, commands.</summary>
internal static class ResourceEndpoints
{
    public static void Map(RouteGroupBuilder secured, DistributedApplication application)
    {
        secured.MapGet("/api/stream/resources", (HttpContext context) =>
            StreamAsync(context, application.ResourceNotifications.WatchAsync));

        secured.MapGet("/api/resources/{name}/environment", (string name) =>
        {
            if (!application.ResourceNotifications.TryGet(name, out _))
            {
                return UnknownResource(name);
            }

            return application.Context.LaunchedEnvironments.TryGetValue(name, out var environment)
                ? Results.Ok(EnvironmentMask.Apply(environment).Select(e => new { name = e.Key, value = e.Value }))
                : Results.Ok(Array.Empty<object>());
        });

        secured.MapPost("/api/resources/{name}/commands/{command}", (string name, string command) => RunCommandAsync(name, command, application));

        // Each line's event id is "<run>-<sequence>": a browser that reconnects sends the last one it
        // had (Last-Event-ID) and goes on after it, rather than being sent the tail again.
        var logs = application.ResourceLogs;
        // A name the application does not have (a typo) is 404: an empty console would read as a resource that wrote nothing.
        secured.MapGet("/api/stream/console", (HttpContext context, string? resource, int? tail) =>
        {
            var one = TelemetryEndpoints.Empty(resource); // ?resource= (as the API table writes it): every resource
            if (one is not null && !application.ResourceNotifications.TryGet(one, out _))
            {
                return UnknownResource(one).ExecuteAsync(context);
            }

            return StreamAsync(
                context,
                cancellationToken =>
                {
                    var lines = logs.FollowAsync(one, Math.Clamp(tail ?? 1000, 0, 5000), LastLineHad(context.Request, logs), cancellationToken);
                    return one is null ? lines : OfResource(lines, one);
                },
                line => $"{logs.Run}-{line.Sequence}");
        });

        secured.MapGet("/api/console/download", (string? resource) =>
        {
            resource = TelemetryEndpoints.Empty(resource);
            if (resource is not null && !application.ResourceNotifications.TryGet(resource, out _))
            {
                return UnknownResource(resource);
            }

            var lines = resource is null ? application.ResourceLogs.TailAll() : application.ResourceLogs.Tail(resource);
            var text = new StringBuilder();
            foreach (var line in lines)
            {
                text.Append(line.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture)).Append(' ')
                    .Append(line.Resource).Append(line.IsError ? " ! " : " | ").Append(line.Text).Append('\n');
            }

            return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=utf-8", $"{resource ?? "all"}-console.log");
        });
    }

    /// <summary>
    /// Runs a resource's command and answers its result (<c>{ success, message }</c>, 200 either way);
    /// 404 for an unknown resource or command, 409 with the reason when it cannot run now. The
    /// command runs on when the caller leaves; only the application stopping cancels it.
    /// </summary>
    private static async Task<IResult> RunCommandAsync(string name, string command, DistributedApplication application)
    {
        if (!application.ResourceNotifications.TryGet(name, out var snapshot))
        {
            return UnknownResource(name);
        }

        if (application.ResourceCommands.Find(name, command) is null)
        {
            var known = snapshot!.Commands.Count == 0 ? "it has none" : "it has " + string.Join(", ", snapshot.Commands.Select(c => c.Name));
            return Results.Problem($"Resource '{name}' has no command named '{command}' ({known}).", statusCode: StatusCodes.Status404NotFound);
        }

        try
        {
            return Results.Ok(await application.ResourceCommands.ExecuteCommandAsync(name, command));
        }
        catch (CommandUnavailableException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static IResult UnknownResource(string name) =>
        Results.Problem($"There is no resource named '{name}'.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>The sequence of the last line a reconnecting browser had from this run; null for a first connection.</summary>
    private static long? LastLineHad(HttpRequest request, ResourceLogs logs) =>
        request.Headers["Last-Event-ID"].ToString().Split('-') is [var run, var sequence] && run == logs.Run
            && long.TryParse(sequence, System.Globalization.CultureInfo.InvariantCulture, out var last) ? last : null;

    private static async IAsyncEnumerable<LogLine> OfResource(IAsyncEnumerable<LogLine> lines, string resource)
    {
        await foreach (var line in lines)
        {
            if (line.Resource == resource)
            {
                yield return line;
            }
        }
    }

    /// <summary>
    /// Server-sent events, one JSON item each. Headers go out at once (the page knows it is
    /// connected before the first item), and the stream ends when the browser leaves or the
    /// AppHost stops: Kestrel would otherwise wait its whole shutdown timeout for open streams.
    /// </summary>
    private static async Task StreamAsync<T>(HttpContext context, Func<CancellationToken, IAsyncEnumerable<T>> source, Func<T, string>? id = null)
    {
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(ended.Token);
        try
        {
            await foreach (var item in source(ended.Token).WithCancellation(ended.Token))
            {
                var data = "data: " + JsonSerializer.Serialize(item, ResourceApi.Json) + "\n\n";
                await context.Response.WriteAsync(id is null ? data : $"id: {id(item)}\n{data}", ended.Token);
                await context.Response.Body.FlushAsync(ended.Token);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The browser left or the AppHost is stopping.
        }
    }
}
