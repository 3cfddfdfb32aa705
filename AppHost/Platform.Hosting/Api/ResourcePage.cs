using System.Net;
using System.Text;

namespace Platform.Hosting.Api;

/// <summary>A plain, self-refreshing resource table until the dashboard's UI takes over the root page.</summary>
internal static class ResourcePage
{
    public static string Render(IReadOnlyList<ResourceSnapshot> resources)
    {
        var html = new StringBuilder("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
            <title>Platform resources</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}</style>
            </head><body><h1>Resources</h1><table><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>Restarts</th><th>URLs</th></tr>
            """);
        foreach (var r in resources)
        {
            var urls = string.Join(" ", r.Endpoints.Select(e => $"<a href=\"{WebUtility.HtmlEncode(e.Url)}\">{WebUtility.HtmlEncode(e.Name)}</a>"));
            html.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<tr><td>{WebUtility.HtmlEncode(r.Name)}</td><td>{r.Type}</td><td>{r.State}</td><td>{r.Health}</td><td>{r.RestartCount}</td><td>{urls}</td></tr>");
        }

        return html.Append("</table><p>JSON: <a href=\"/api/resources\">/api/resources</a></p></body></html>").ToString();
    }
}
