using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Community.Data;
using Platform.ServiceDefaults;

namespace Platform.Community.News;

/// <summary>
/// The Atom feed (RFC 4287) of the newest published items. Titles, summaries and markdown bodies
/// are written as text (<c>type="text"</c>), escaped by the XML writer: a reader shows them, it
/// never runs them, whatever markup they hold. Characters XML cannot carry are left out.
/// </summary>
public sealed class AtomFeed(CommunityDbContext db, IOptions<NewsOptions> options, NetworkCalendar calendar)
{
    public const int Size = 50;
    public const string ContentType = "application/atom+xml; charset=utf-8";
    private const string Atom = "http://www.w3.org/2005/Atom";

    public async Task<byte[]> BuildAsync(CancellationToken cancellationToken)
    {
        var items = await db.NewsItems.AsNoTracking()
            .Where(i => i.Status == NewsStatus.Published)
            .OrderByDescending(i => i.PublishedAt).ThenByDescending(i => i.Id)
            .Take(Size)
            .ToListAsync(cancellationToken);
        var updated = await LastChangeAsync(cancellationToken);
        var news = options.Value;
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Atom);
            xml.WriteElementString("id", Atom, news.WebsiteUrl.AbsoluteUri);
            Text(xml, "title", news.FeedTitle);
            xml.WriteElementString("updated", Atom, Rfc3339(updated ?? calendar.Now()));
            Link(xml, "self", news.FeedUrl.AbsoluteUri, "application/atom+xml");
            Link(xml, "alternate", news.WebsiteUrl.AbsoluteUri, "text/html");
            xml.WriteStartElement("author", Atom);
            xml.WriteElementString("name", Atom, Clean(news.FeedAuthor));
            xml.WriteEndElement();
            foreach (var item in items)
            {
                Entry(xml, item, news);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The feed's last significant change (RFC 4287 4.2.15): the latest publication, edit of a
    /// published item or retraction. Not the newest entry's: a retraction takes its entry out, and
    /// the feed's <c>updated</c> went back to the one before, as if the feed were older than what a
    /// reader had already seen. Null before anything was ever published.
    /// </summary>
    private Task<DateTimeOffset?> LastChangeAsync(CancellationToken cancellationToken) =>
        db.NewsItems.AsNoTracking()
            .Where(i => i.Status == NewsStatus.Published || i.Status == NewsStatus.Retracted)
            .MaxAsync(i => (DateTimeOffset?)i.UpdatedAt, cancellationToken);

    private static void Entry(XmlWriter xml, NewsItem item, NewsOptions news)
    {
        xml.WriteStartElement("entry", Atom);
        xml.WriteElementString("id", Atom, "urn:uuid:" + item.Id.ToString("D"));
        Text(xml, "title", item.Title);
        Link(xml, "alternate", news.UrlOf(item.Id).AbsoluteUri, "text/html");
        xml.WriteElementString("published", Atom, Rfc3339(item.PublishedAt!.Value));
        xml.WriteElementString("updated", Atom, Rfc3339(item.UpdatedAt));
        foreach (var tag in item.Tags)
        {
            xml.WriteStartElement("category", Atom);
            xml.WriteAttributeString("term", Clean(tag));
            xml.WriteEndElement();
        }

        if (item.Summary.Length > 0)
        {
            Text(xml, "summary", item.Summary);
        }

        Text(xml, "content", item.Body);
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, string element, string value)
    {
        xml.WriteStartElement(element, Atom);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(Clean(value));
        xml.WriteEndElement();
    }

    private static void Link(XmlWriter xml, string rel, string href, string type)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Rfc3339(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Without the characters XML 1.0 cannot carry (control characters, lone surrogates). A
    /// surrogate pair (an emoji, any character beyond the BMP) is one character and stays.
    /// </summary>
    private static string Clean(string text)
    {
        StringBuilder? clean = null;
        var i = 0;
        while (i < text.Length)
        {
            var width = i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]) ? 2 : 1;
            if (width == 2 || XmlConvert.IsXmlChar(text[i]))
            {
                clean?.Append(text, i, width);
            }
            else
            {
                clean ??= new StringBuilder(text.Length).Append(text, 0, i);
            }

            i += width;
        }

        return clean?.ToString() ?? text;
    }
}
