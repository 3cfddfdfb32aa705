using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Community.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Community.Tests;

/// <summary>News: the lifecycle, the scheduler (also across a restart), the public Atom feed.</summary>
[Collection(CommunityServers.Name)]
public sealed class NewsTests(CommunityFixture fixture)
{
    /// <summary>The feed cache's generation number in Redis, which the tests set back as a lost increment would leave it.</summary>
    private const string GenerationKey = "community:news:feed-generation";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly string[] FeedElements = ["id", "title", "updated"];
    private static readonly string[] TextElements = ["title", "content", "summary"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CommunityService.CommunityServiceClient Community => fixture.Community;

    [Fact]
    public async Task A_published_item_is_announced_and_in_the_feed_a_retracted_one_leaves_it_and_illegal_changes_are_refused()
    {
        await using var published = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:NewsPublished", Cancel);
        var partnerId = Guid.NewGuid().ToString();
        var draft = await Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = "Beyond Zero in Utrecht " + Guid.NewGuid().ToString("N")[..6], Summary = "300 civil servants watched", BodyMarkdown = "## What we saw\n\n*Vision first*", Tags = { "Vision first", "Accelerate" }, PartnerIds = { partnerId } }, cancellationToken: Cancel);
        var inDraft = await FeedTitlesAsync();

        var live = await Community.PublishNewsItemAsync(new ChangeNewsItemRequest { Id = draft.Id }, cancellationToken: Cancel);
        var inFeed = await FeedTitlesAsync();
        var announcement = await published.NextAsync(m => m.Has("newsItemId", draft.Id), Cancel);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => Community.RetractNewsItemAsync(new RetractNewsItemRequest { Id = draft.Id }, cancellationToken: Cancel).ResponseAsync);
        var retracted = await Community.RetractNewsItemAsync(new RetractNewsItemRequest { Id = draft.Id, Reason = "wrong date" }, cancellationToken: Cancel);
        var afterRetraction = await FeedTitlesAsync();
        var republish = await Assert.ThrowsAsync<RpcException>(() => Community.PublishNewsItemAsync(new ChangeNewsItemRequest { Id = draft.Id }, cancellationToken: Cancel).ResponseAsync);
        var edit = await Assert.ThrowsAsync<RpcException>(() => Community.UpdateNewsItemAsync(new UpdateNewsItemRequest { Id = draft.Id, Title = "x", BodyMarkdown = "y", ExpectedVersion = retracted.Version }, cancellationToken: Cancel).ResponseAsync);

        Assert.DoesNotContain(draft.Title, inDraft);
        Assert.Equal(NewsStatus.Published, live.Status);
        Assert.NotNull(live.PublishedAt);
        Assert.Contains(draft.Title, inFeed);
        Assert.Equal(live.Url, announcement.GetProperty("url").GetString());
        Assert.Equal(["Vision first", "Accelerate"], announcement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(partnerId, announcement.GetProperty("partnerIds")[0].GetString());
        Assert.Equal("reason", noReason.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal((NewsStatus.Retracted, "wrong date"), (retracted.Status, retracted.RetractionReason));
        Assert.DoesNotContain(draft.Title, afterRetraction);
        Assert.Equal(StatusCode.FailedPrecondition, republish.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, edit.StatusCode);
    }

    [Fact]
    public async Task An_empty_partner_id_is_a_violation_naming_its_index_not_a_partner_left_out()
    {
        var partnerId = Guid.NewGuid().ToString();
        var title = "Partners " + Guid.NewGuid().ToString("N")[..6];
        var created = await Assert.ThrowsAsync<RpcException>(() => Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = title, BodyMarkdown = "b", PartnerIds = { partnerId, string.Empty } }, cancellationToken: Cancel).ResponseAsync);
        var draft = await DraftAsync("Partners");
        var updated = await Assert.ThrowsAsync<RpcException>(() => Community.UpdateNewsItemAsync(new UpdateNewsItemRequest { Id = draft.Id, Title = draft.Title, BodyMarkdown = "b", PartnerIds = { string.Empty, partnerId }, ExpectedVersion = draft.Version }, cancellationToken: Cancel).ResponseAsync);
        var unchanged = await Community.GetNewsItemAsync(new GetNewsItemRequest { Id = draft.Id }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, created.StatusCode);
        Assert.Equal("partner_ids[1]", created.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal("partner_ids[0]", updated.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(draft.Version, unchanged.Version);
    }

    [Fact]
    public async Task A_long_list_of_malformed_partner_ids_gets_a_short_answer()
    {
        // A client that sends names where ids belong, a thousand times over.
        var notIds = Enumerable.Range(0, 1000).Select(i => "partner " + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var draft = await DraftAsync("Malformed");

        var created = await Assert.ThrowsAsync<RpcException>(() => Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = "Malformed", BodyMarkdown = "b", PartnerIds = { notIds } }, cancellationToken: Cancel).ResponseAsync);
        var updated = await Assert.ThrowsAsync<RpcException>(() => Community.UpdateNewsItemAsync(new UpdateNewsItemRequest { Id = draft.Id, Title = draft.Title, BodyMarkdown = "b", PartnerIds = { notIds }, ExpectedVersion = draft.Version }, cancellationToken: Cancel).ResponseAsync);

        foreach (var error in new[] { created, updated })
        {
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
            Assert.Equal([.. Enumerable.Range(0, 20).Select(i => $"partner_ids[{i}]")], violations.Select(v => v.Field));
        }
    }

    [Fact]
    public async Task The_scheduler_publishes_on_time_and_a_past_time_or_a_stale_edit_is_refused()
    {
        var draft = await DraftAsync("Scheduled");
        var past = await Assert.ThrowsAsync<RpcException>(() => Community.ScheduleNewsItemAsync(new ScheduleNewsItemRequest { Id = draft.Id, PublishAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)) }, cancellationToken: Cancel).ResponseAsync);
        var publishAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var scheduled = await Community.ScheduleNewsItemAsync(new ScheduleNewsItemRequest { Id = draft.Id, PublishAt = Timestamp.FromDateTimeOffset(publishAt) }, cancellationToken: Cancel);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Community.UpdateNewsItemAsync(new UpdateNewsItemRequest { Id = draft.Id, Title = "New", BodyMarkdown = "b", ExpectedVersion = draft.Version }, cancellationToken: Cancel).ResponseAsync);
        var beforeTime = await Community.GetNewsItemAsync(new GetNewsItemRequest { Id = draft.Id }, cancellationToken: Cancel);

        var live = await Eventually.ReachesAsync(() => Community.GetNewsItemAsync(new GetNewsItemRequest { Id = draft.Id }, cancellationToken: Cancel).ResponseAsync, i => i.Status == NewsStatus.Published);

        Assert.Equal("publish_at", past.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(NewsStatus.Scheduled, scheduled.Status);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(NewsStatus.Scheduled, beforeTime.Status);
        Assert.Equal(NewsStatus.Published, live.Status);
        Assert.True(live.PublishedAt.ToDateTimeOffset() >= scheduled.PublishAt.ToDateTimeOffset());
        Assert.True(live.PublishedAt.ToDateTimeOffset() < publishAt.AddSeconds(5), $"published at {live.PublishedAt}, due at {publishAt:O}");
        Assert.Contains(draft.Title, await FeedTitlesAsync());
    }

    [Fact]
    public async Task An_item_that_fell_due_while_the_service_was_stopped_is_published_when_it_starts_again()
    {
        var draft = await DraftAsync("While away");
        await Community.ScheduleNewsItemAsync(new ScheduleNewsItemRequest { Id = draft.Id, PublishAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(3)) }, cancellationToken: Cancel);
        using var dashboard = fixture.App.CreateDashboardClient();

        (await dashboard.PostAsync(new Uri("/api/resources/community/stop", UriKind.Relative), null, Cancel)).EnsureSuccessStatusCode();
        await fixture.App.WaitForResourceAsync("community", s => s.State is ResourceState.Exited or ResourceState.Finished, Cancel);
        await Task.Delay(TimeSpan.FromSeconds(4), Cancel);
        (await dashboard.PostAsync(new Uri("/api/resources/community/start", UriKind.Relative), null, Cancel)).EnsureSuccessStatusCode();
        await fixture.App.WaitForResourceHealthyAsync("community", Cancel);
        var live = await Eventually.ReachesAsync(() => Community.GetNewsItemAsync(new GetNewsItemRequest { Id = draft.Id }, cancellationToken: Cancel).ResponseAsync, i => i.Status == NewsStatus.Published);

        Assert.Equal(NewsStatus.Published, live.Status);
    }

    [Fact]
    public async Task The_feed_is_valid_Atom_without_a_token_newest_first_and_carries_markup_as_text_never_as_elements()
    {
        const string title = "<script>alert('title')</script> Persevere & \"win\" \U0001F30D";
        const string body = "# Hello \U0001F680\n\n<img src=x onerror=alert(1)><script>alert('body')</script>\u0001 [link](javascript:alert(1))";
        var older = await PublishAsync(await DraftAsync("Older"));
        var hostile = await Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = title + Guid.NewGuid().ToString("N")[..6], Summary = "<b>bold</b>", BodyMarkdown = body, Tags = { "Persevere" } }, cancellationToken: Cancel);
        await PublishAsync(hostile);
        using var http = fixture.App.CreateHttpClient("community");

        using var response = await http.GetAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        var feed = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
        var entries = feed.Elements(Atom + "entry").ToList();
        var entry = entries.Single(e => e.Element(Atom + "id")!.Value == "urn:uuid:" + hostile.Id);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, new Uri("/news/feed.atom", UriKind.Relative));
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(response.Headers.ETag!.ToString()));
        using var notModified = await http.SendAsync(conditional, Cancel);
        using var gzipRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/news/feed.atom", UriKind.Relative));
        gzipRequest.Headers.AcceptEncoding.ParseAdd("gzip");
        using var compressed = await http.SendAsync(gzipRequest, Cancel);
        using var decompressed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(await compressed.Content.ReadAsStreamAsync(Cancel), System.IO.Compression.CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(decompressed, Cancel);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.All(FeedElements, name => Assert.Single(feed.Elements(Atom + name)));
        Assert.Single(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        Assert.NotEmpty(feed.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.InRange(entries.Count, 2, 50);
        Assert.All(entries, e =>
        {
            Assert.True(Uri.IsWellFormedUriString(e.Element(Atom + "id")!.Value, UriKind.Absolute));
            Assert.NotEmpty(e.Element(Atom + "title")!.Value);
            Assert.True(DateTimeOffset.TryParseExact(e.Element(Atom + "updated")!.Value, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
            Assert.Single(e.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate");
        });
        Assert.True(entries.IndexOf(entry) < entries.FindIndex(e => e.Element(Atom + "id")!.Value == "urn:uuid:" + older.Id), "newest first");
        Assert.DoesNotContain(feed.Descendants(), e => e.Name.LocalName is "script" or "img" or "b");
        Assert.All(TextElements, name => Assert.Equal("text", (string?)entry.Element(Atom + name)!.Attribute("type")));
        Assert.Equal(hostile.Title, entry.Element(Atom + "title")!.Value);
        Assert.Equal(body.Replace("\u0001", string.Empty, StringComparison.Ordinal), entry.Element(Atom + "content")!.Value);
        Assert.Equal("Persevere", (string?)entry.Element(Atom + "category")!.Attribute("term"));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
        Assert.True(compressed.Content.Headers.ContentLength < bytes.Length);
        Assert.Equal(bytes, decompressed.ToArray());
    }

    [Fact]
    public async Task The_feeds_self_link_is_its_configured_address_whatever_Host_a_request_names()
    {
        var item = await PublishAsync(await DraftAsync("Self"));
        using var http = fixture.App.CreateHttpClient("community");

        // The first request after the change builds the cached feed: it names a forged host.
        using var forged = new HttpRequestMessage(HttpMethod.Get, new Uri("/news/feed.atom", UriKind.Relative));
        forged.Headers.Host = "evil.example";
        using var answer = await http.SendAsync(forged, Cancel);
        var forgedFeed = await answer.Content.ReadAsStringAsync(Cancel);
        var feed = XDocument.Parse(await http.GetStringAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel)).Root!;

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(item.Title, forgedFeed, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", forgedFeed, StringComparison.Ordinal);
        Assert.Equal("https://www.100monthstochange.example/news/feed.atom", (string?)feed.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href"));
    }

    [Fact]
    public async Task The_feeds_ETag_follows_its_content_even_when_Redis_lost_its_generation_count()
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis);
        var cache = redis.GetDatabase();
        using var http = fixture.App.CreateHttpClient("community");
        using var before = await http.GetAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        using var again = await http.GetAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        var generation = (long?)await cache.StringGetAsync(GenerationKey) ?? 0;
        var item = await PublishAsync(await DraftAsync("Counted"));
        using var after = await http.GetAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);

        // Redis loses the increment (as when it restarts): the count is back where it was and the
        // entry of that generation is gone, so the next request builds the new feed under the old number.
        HttpResponseMessage reread;
        try
        {
            await cache.StringSetAsync(GenerationKey, generation);
            await cache.KeyDeleteAsync("community:news:feed:" + generation.ToString(CultureInfo.InvariantCulture));
            using var conditional = new HttpRequestMessage(HttpMethod.Get, new Uri("/news/feed.atom", UriKind.Relative));
            conditional.Headers.IfNoneMatch.Add(before.Headers.ETag!);
            reread = await http.SendAsync(conditional, Cancel);
        }
        finally
        {
            // Later generations must not find the entries stored above.
            await cache.StringSetAsync(GenerationKey, generation + 1000);
        }

        using (reread)
        {
            Assert.Equal(before.Headers.ETag, again.Headers.ETag);
            Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
            Assert.Equal(HttpStatusCode.OK, reread.StatusCode);
            Assert.Contains(item.Title, await reread.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
            Assert.Equal(after.Headers.ETag, reread.Headers.ETag);
        }
    }

    [Fact]
    public async Task A_retraction_moves_the_feeds_updated_on_never_back()
    {
        await PublishAsync(await DraftAsync("Stays"));
        var item = await PublishAsync(await DraftAsync("Soon retracted"));
        var published = await FeedUpdatedAsync();
        var retracted = await Community.RetractNewsItemAsync(new RetractNewsItemRequest { Id = item.Id, Reason = "wrong venue" }, cancellationToken: Cancel);

        var afterRetraction = await FeedUpdatedAsync();

        // RFC 4287 4.2.15: the feed's last significant change. A reader that looks at it would
        // otherwise take the feed for unchanged (or older) and keep showing the retracted entry.
        // At least: an item another test scheduled may go out meanwhile.
        Assert.True(published >= item.UpdatedAt.ToDateTimeOffset(), $"the feed's updated {published:O} is before the publication at {item.UpdatedAt.ToDateTimeOffset():O}");
        Assert.True(afterRetraction >= retracted.UpdatedAt.ToDateTimeOffset(), $"the feed's updated {afterRetraction:O} is before the retraction at {retracted.UpdatedAt.ToDateTimeOffset():O}");
    }

    [Fact]
    public async Task The_cached_feed_changes_as_soon_as_an_item_is_published()
    {
        using var http = fixture.App.CreateHttpClient("community");
        using var before = await http.GetAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        await http.GetStringAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        var item = await PublishAsync(await DraftAsync("Fresh"));

        var titles = await FeedTitlesAsync();
        using var after = await http.GetAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);

        Assert.Contains(item.Title, titles);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    [Fact]
    public async Task A_lost_generation_increment_hides_a_change_no_longer_than_the_feeds_max_age()
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Redis);
        var cache = redis.GetDatabase();
        using var http = fixture.App.CreateHttpClient("community");
        using var before = await http.GetAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        var maxAge = before.Headers.CacheControl!.MaxAge!.Value;
        var generation = (long?)await cache.StringGetAsync(GenerationKey) ?? 0;
        var item = await PublishAsync(await DraftAsync("Lost increment"));
        var published = DateTimeOffset.UtcNow;
        List<string> titles;
        try
        {
            // The increment after the commit is lost (Redis timed out, the process died): the entry
            // of the old generation, the feed without the item, is what readers are looked up in.
            await cache.StringSetAsync(GenerationKey, generation);
            titles = await Eventually.ReachesAsync(FeedTitlesAsync, t => t.Contains(item.Title), timeout: maxAge + TimeSpan.FromSeconds(10));
        }
        finally
        {
            // Later generations must not find the entries stored above.
            await cache.StringSetAsync(GenerationKey, generation + 1000);
        }

        var shown = DateTimeOffset.UtcNow;
        Assert.Contains(item.Title, titles);
        Assert.True(shown - published <= maxAge + TimeSpan.FromSeconds(2), $"shown {(shown - published).TotalSeconds:0.0} s after publishing; the feed's max-age is {maxAge.TotalSeconds} s");
    }

    [Fact]
    public async Task The_feed_answers_HEAD_with_the_headers_of_GET_and_If_None_Match_star_with_304()
    {
        using var http = fixture.App.CreateHttpClient("community");
        using var get = await http.GetAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        using var headRequest = new HttpRequestMessage(HttpMethod.Head, new Uri("/news/feed.atom", UriKind.Relative));
        using var head = await http.SendAsync(headRequest, Cancel);
        using var anyRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/news/feed.atom", UriKind.Relative));
        anyRequest.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        using var any = await http.SendAsync(anyRequest, Cancel);

        // RFC 9110 9.3.2: a server supports HEAD (link checkers and feed directories ask with it).
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancel));
        // RFC 9110 13.1.2: "*" matches any current representation of the feed.
        Assert.Equal(HttpStatusCode.NotModified, any.StatusCode);
    }

    [Fact]
    public async Task The_feed_varies_by_Accept_Encoding_also_when_not_modified_and_is_gzipped_only_for_readers_that_accept_gzip()
    {
        using var http = fixture.App.CreateHttpClient("community");
        using var first = await http.GetAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, new Uri("/news/feed.atom", UriKind.Relative));
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await http.SendAsync(conditional, Cancel);

        var encodings = new Dictionary<string, string>();
        foreach (var acceptEncoding in new[] { "gzip;q=0", "gzip; q=0.000, deflate", "*;q=0", "identity", "gzip", "deflate, gzip;q=0.5", "*" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/news/feed.atom", UriKind.Relative));
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            using var response = await http.SendAsync(request, Cancel);
            encodings[acceptEncoding] = string.Join(",", response.Content.Headers.ContentEncoding);
        }

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(["Accept-Encoding"], notModified.Headers.Vary);
        Assert.Equal(["Accept-Encoding"], first.Headers.Vary);
        Assert.Equal(
            new Dictionary<string, string> { ["gzip;q=0"] = "", ["gzip; q=0.000, deflate"] = "", ["*;q=0"] = "", ["identity"] = "", ["gzip"] = "gzip", ["deflate, gzip;q=0.5"] = "gzip", ["*"] = "gzip" },
            encodings);
    }

    [Fact]
    public async Task While_Redis_does_not_answer_an_item_is_published_and_the_feed_is_built_from_the_database()
    {
        // Redis up but silent: each call waits out the client's timeout, which throws a
        // TimeoutException, not a RedisException. Publishing used to commit and then answer
        // Internal, and the public feed answered 500.
        var draft = await DraftAsync("Silent Redis");
        await FeedTitlesAsync();

        NewsItem live;
        List<string> titles;
        using (fixture.App.Freeze("redis"))
        {
            live = await PublishAsync(draft);
            titles = await FeedTitlesAsync();
        }

        Assert.Equal(NewsStatus.Published, live.Status);
        Assert.Contains(draft.Title, titles);
    }

    private async Task<NewsItem> DraftAsync(string title) =>
        await Community.CreateNewsItemAsync(new CreateNewsItemRequest { Title = title + " " + Guid.NewGuid().ToString("N")[..8], BodyMarkdown = "Body of " + title }, cancellationToken: Cancel);

    private async Task<NewsItem> PublishAsync(NewsItem item) =>
        await Community.PublishNewsItemAsync(new ChangeNewsItemRequest { Id = item.Id }, cancellationToken: Cancel);

    private async Task<DateTimeOffset> FeedUpdatedAsync()
    {
        using var http = fixture.App.CreateHttpClient("community");
        var xml = await http.GetStringAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        return DateTimeOffset.Parse(XDocument.Parse(xml).Root!.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture);
    }

    private async Task<List<string>> FeedTitlesAsync()
    {
        using var http = fixture.App.CreateHttpClient("community");
        var xml = await http.GetStringAsync(new Uri("/news/feed.atom", UriKind.Relative), Cancel);
        return [.. XDocument.Parse(xml).Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value)];
    }
}
