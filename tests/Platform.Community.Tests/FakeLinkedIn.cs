using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Community.Tests;

/// <summary>
/// A local HTTP server playing LinkedIn's Posts API (<c>POST {BaseUrl}/rest/posts</c>), the one
/// third-party service the tests cannot reach. It is mounted under a path (as behind a gateway),
/// which the channel must keep. It answers by the post's text: "flaky" fails with 503 twice and
/// then succeeds, "broken" always fails with 503, "refused" gets a 401 with LinkedIn's error
/// body, "slow" is created after <see cref="SlowAnswer"/>, "lost-answer" is created at once but answered
/// only after <see cref="LateAnswer"/> (past the channel's time-out: the answer is lost); anything
/// else is created at once (201 with <c>x-restli-id</c>). The page's posts are listed newest first by
/// LinkedIn's author finder (<c>GET {BaseUrl}/rest/posts?q=author&amp;author=...</c>).
/// </summary>
public sealed class FakeLinkedIn : IAsyncDisposable
{
    public const string Token = "test-page-token";
    public const string Organization = "urn:li:organization:100100";

    /// <summary>How long a "slow" post waits for its answer: well inside the channel's request time-out.</summary>
    public static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a "lost-answer" post waits for its answer: past the channel's request time-out of 3 s.</summary>
    public static readonly TimeSpan LateAnswer = TimeSpan.FromSeconds(4);

    private const string Mount = "/linkedin";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly ConcurrentStack<CreatedPost> _posts = new();
    private int _created;

    private FakeLinkedIn(WebApplication app) => _app = app;

    /// <summary>The finder's requests received (their query strings), in order.</summary>
    public ConcurrentQueue<string> Lookups { get; } = new();

    /// <summary>Every post request received, in order.</summary>
    public ConcurrentQueue<ReceivedPost> Received { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeLinkedIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeLinkedIn(builder.Build());
        fake._app.MapPost(Mount + "/rest/posts", (Delegate)fake.HandleAsync);
        fake._app.MapGet(Mount + "/rest/posts", (Delegate)fake.Find);
        await fake._app.StartAsync();
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + Mount);
        return fake;
    }

    /// <summary>The requests made for the post whose text contains <paramref name="marker"/>.</summary>
    public List<ReceivedPost> For(string marker) => Received.Where(r => r.Commentary.Contains(marker, StringComparison.Ordinal)).ToList();

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        var root = body.RootElement.Clone();
        var commentary = root.GetProperty("commentary").GetString()!;
        Received.Enqueue(new ReceivedPost(
            http.Request.Headers.Authorization.ToString(),
            http.Request.Headers["LinkedIn-Version"].ToString(),
            http.Request.Headers["X-Restli-Protocol-Version"].ToString(),
            commentary,
            root));
        var attempt = _attempts.AddOrUpdate(commentary, 1, (_, n) => n + 1);
        if (commentary.Contains("refused", StringComparison.Ordinal))
        {
            return Results.Json(new { status = 401, serviceErrorCode = 65600, code = "INVALID_ACCESS_TOKEN", message = "Invalid access token" }, statusCode: 401);
        }

        if (commentary.Contains("broken", StringComparison.Ordinal) || (commentary.Contains("flaky", StringComparison.Ordinal) && attempt <= 2))
        {
            return Results.Text("upstream unavailable", statusCode: 503);
        }

        if (commentary.Contains("slow", StringComparison.Ordinal))
        {
            await Task.Delay(SlowAnswer);
        }

        var urn = $"urn:li:share:{7_000_000 + Interlocked.Increment(ref _created)}";
        _posts.Push(new CreatedPost(urn, commentary, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        if (commentary.Contains("lost-answer", StringComparison.Ordinal))
        {
            await Task.Delay(LateAnswer);
        }

        http.Response.Headers["x-restli-id"] = urn;
        return Results.StatusCode(201);
    }

    /// <summary>The page's posts, newest first, as LinkedIn's author finder lists them.</summary>
    private IResult Find(HttpContext http)
    {
        Lookups.Enqueue(http.Request.QueryString.Value ?? string.Empty);
        if (http.Request.Query["q"] != "author" || http.Request.Query["author"] != Organization || http.Request.Headers.Authorization != "Bearer " + Token)
        {
            return Results.Json(new { status = 400, message = "Invalid finder request" }, statusCode: 400);
        }

        var count = int.TryParse(http.Request.Query["count"], out var n) ? n : 10;
        return Results.Json(new { elements = _posts.Take(count).Select(p => new { id = p.Id, author = Organization, commentary = p.Commentary, createdAt = p.CreatedAt }) });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A post the fake created: its URN, commentary and creation time (epoch milliseconds).</summary>
internal sealed record CreatedPost(string Id, string Commentary, long CreatedAt);

/// <summary>What the fake received: the headers LinkedIn requires and the post.</summary>
public sealed record ReceivedPost(string Authorization, string Version, string RestliProtocol, string Commentary, JsonElement Body);
