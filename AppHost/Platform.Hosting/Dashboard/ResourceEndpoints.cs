using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Hosting.Api;

namespace Platform.Hosting.Dashboard;

/// <summary>What the resources and console pages read: live snapshots, launched environments, console lines.</summary>
internal static class ResourceEndpoints
{
    public static void Map(RouteGroupBuilder secured, DistributedApplication application)
    {
        secured.MapGet("/api/stream/resources", (CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Serialize(application.ResourceNotifications.WatchAsync(cancellationToken))));

        secured.MapGet("/api/resources/{name}/environment", (string name) =>
        {
            if (!application.ResourceNotifications.TryGet(name, out _))
            {
                return Results.Problem($"There is no resource named '{name}'.", statusCode: StatusCodes.Status404NotFound);
            }

            return application.Context.LaunchedEnvironments.TryGetValue(name, out var environment)
                ? Results.Ok(EnvironmentMask.Apply(environment).Select(e => new { name = e.Key, value = e.Value }))
                : Results.Ok(Array.Empty<object>());
        });

        secured.MapGet("/api/stream/console", (string? resource, int? tail, CancellationToken cancellationToken) =>
        {
            var lines = application.ResourceLogs.FollowAsync(resource, Math.Clamp(tail ?? 1000, 0, 5000), cancellationToken);
            return TypedResults.ServerSentEvents(Serialize(resource is null ? lines : OfResource(lines, resource)));
        });

        secured.MapGet("/api/console/download", (string? resource) =>
        {
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

    private static async IAsyncEnumerable<string> Serialize<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var item in items)
        {
            yield return JsonSerializer.Serialize(item, ResourceApi.Json);
        }
    }
}
