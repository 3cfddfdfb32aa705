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
                return ChannelOutcome.Accepted(new ChannelReceipt(urn, urn.Length > 0 ? "https://www.linkedin.com/feed/update/" + urn + "/" : null));
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

    private sealed record PostBody(string Author, string Commentary, string Visibility, Distribution Distribution, string LifecycleState, bool IsReshareDisabledByAuthor, PostContent? Content);

    private sealed record Distribution(string FeedDistribution, IReadOnlyList<string> TargetEntities, IReadOnlyList<string> ThirdPartyDistributionChannels);

    private sealed record PostContent(Article Article);

    private sealed record Article(string Source, string Title);
}
