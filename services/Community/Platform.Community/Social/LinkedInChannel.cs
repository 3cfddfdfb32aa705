using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Platform.Community.Social;

/// <summary>What became of one attempt: a receipt, or a failure that is worth retrying or not.</summary>
public sealed record ChannelOutcome(ChannelReceipt? Receipt, string Failure, bool Permanent)
{
    public static ChannelOutcome Accepted(ChannelReceipt receipt) => new(receipt, string.Empty, false);

    public static ChannelOutcome Transient(string failure) => new(null, failure, false);

    public static ChannelOutcome Refused(string failure) => new(null, failure, true);
}

/// <summary>
/// The channel adapter for LinkedIn's Posts REST API: <c>POST {BaseUrl}/rest/posts</c> as the
/// company page, with the versioned headers LinkedIn asks for. The commentary is in LinkedIn's
/// "little text format", whose reserved characters are escaped so they show as written.
/// Throttling (429), server errors and network failures are transient; any other refusal
/// (an expired token, a rejected post) is not.
/// </summary>
public sealed class LinkedInChannel(HttpClient http, IOptions<LinkedInOptions> options)
{
    /// <summary>How many of the page's newest posts a look for an earlier attempt reads: the attempts of a post lie within the last hour.</summary>
    public const int LookupCount = 50;

    private const string Reserved = "\\|{}@[]()<>#*_~";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task<ChannelOutcome> PublishAsync(SocialPost post, string? articleTitle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        var linkedIn = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, PostsUrl(linkedIn.BaseUrl!))
        {
            Content = JsonContent.Create(Body(post, articleTitle, linkedIn.OrganizationUrn!), options: Json),
        };
        request.Headers.Authorization = new("Bearer", linkedIn.AccessToken);
        request.Headers.Add("LinkedIn-Version", linkedIn.ApiVersion);
        request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var urn = response.Headers.TryGetValues("x-restli-id", out var ids) ? ids.First() : string.Empty;
                return ChannelOutcome.Accepted(Receipt(urn));
            }

            var failure = $"LinkedIn answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {await ReasonAsync(response, cancellationToken)}";
            return IsTransient(response.StatusCode) ? ChannelOutcome.Transient(failure) : ChannelOutcome.Refused(failure);
        }
        catch (HttpRequestException ex)
        {
            return ChannelOutcome.Transient("LinkedIn could not be reached: " + ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ChannelOutcome.Transient($"LinkedIn did not answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>
    /// The page's post that an earlier attempt of <paramref name="post"/> created, if LinkedIn took it
    /// but its answer was lost (a time-out, a dropped connection, a gateway's 5xx, the process gone
    /// before the answer was recorded): LinkedIn's author finder (<c>GET {BaseUrl}/rest/posts?q=author</c>,
    /// the newest <see cref="LookupCount"/> posts of the page), the posts created since
    /// <paramref name="since"/> with the very commentary this channel sends for the post, newest first,
    /// their URNs. A failure to read them is the lookup's <see cref="ChannelOutcome"/>: transient or a refusal, as for a post.
    /// </summary>
    public async Task<(IReadOnlyList<string> Urns, ChannelOutcome? Failure)> EarlierAttemptsAsync(SocialPost post, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        var linkedIn = options.Value;
        var author = Uri.EscapeDataString(linkedIn.OrganizationUrn!);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{PostsUrl(linkedIn.BaseUrl!)}?q=author&author={author}&count={LookupCount}&sortBy=CREATED"));
        request.Headers.Authorization = new("Bearer", linkedIn.AccessToken);
        request.Headers.Add("LinkedIn-Version", linkedIn.ApiVersion);
        request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        request.Headers.Add("X-RestLi-Method", "FINDER");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var failure = $"LinkedIn answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} when asked for the page's posts: {await ReasonAsync(response, cancellationToken)}";
                return ([], IsTransient(response.StatusCode) ? ChannelOutcome.Transient(failure) : ChannelOutcome.Refused(failure));
            }

            var page = await response.Content.ReadFromJsonAsync<PostPage>(Json, cancellationToken);
            var commentary = Escape(post.Text);
            return ([.. (page?.Elements ?? [])
                .Where(p => p.Id is { Length: > 0 } && p.Commentary == commentary && p.CreatedAt >= since.ToUnixTimeMilliseconds())
                .OrderByDescending(p => p.CreatedAt)
                .Select(p => p.Id!)], null);
        }
        catch (HttpRequestException ex)
        {
            return ([], ChannelOutcome.Transient("LinkedIn could not be reached to look for an earlier attempt: " + ex.Message));
        }
        catch (JsonException ex)
        {
            return ([], ChannelOutcome.Transient("LinkedIn's list of the page's posts could not be read: " + ex.Message));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ([], ChannelOutcome.Transient($"LinkedIn did not list the page's posts within {http.Timeout.TotalSeconds:0} s"));
        }
    }

    /// <summary>What LinkedIn's answer for a post it took says: its URN, and its address on the page.</summary>
    public static ChannelReceipt Receipt(string urn) =>
        new(urn, urn.Length > 0 ? "https://www.linkedin.com/feed/update/" + urn + "/" : null);

    /// <summary>
    /// <c>{BaseUrl}/rest/posts</c>, keeping every segment of the base's path: resolving against a
    /// base without a trailing slash (<c>https://gateway/linkedin</c>) would drop its last one.
    /// </summary>
    private static Uri PostsUrl(Uri baseUrl) => new(baseUrl.AbsoluteUri.TrimEnd('/') + "/rest/posts");

    /// <summary>Backslash before each of the little text format's reserved characters.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Reserved.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static PostBody Body(SocialPost post, string? articleTitle, string author) => new(
        author,
        Escape(post.Text),
        "PUBLIC",
        new Distribution("MAIN_FEED", [], []),
        "PUBLISHED",
        false,
        post.LinkUrl.Length == 0 ? null : new PostContent(new Article(post.LinkUrl, articleTitle ?? post.LinkUrl)));

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>LinkedIn's error message when it sent one, else the start of the body.</summary>
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the raw start of the body says more than nothing.
        }

        return body.Length <= 300 ? body : body[..300];
    }

    private sealed record PostPage(IReadOnlyList<PagePost>? Elements);

    private sealed record PagePost(string? Id, string? Commentary, long CreatedAt);

    private sealed record PostBody(string Author, string Commentary, string Visibility, Distribution Distribution, string LifecycleState, bool IsReshareDisabledByAuthor, PostContent? Content);

    private sealed record Distribution(string FeedDistribution, IReadOnlyList<string> TargetEntities, IReadOnlyList<string> ThirdPartyDistributionChannels);

    private sealed record PostContent(Article Article);

    private sealed record Article(string Source, string Title);
}
