using System.Net;

namespace Platform.Hosting.Dashboard;

/// <summary>The HTML shell every dashboard page shares: navigation, the page's container and its script.</summary>
internal static class DashboardLayout
{
    public static readonly (string Path, string Title)[] Pages =
    [
        ("/", "Resources"), ("/console", "Console"), ("/structured", "Structured logs"),
        ("/traces", "Traces"), ("/metrics", "Metrics"), ("/messaging", "Messaging"),
    ];

    public static string Render(string path, string title, string body, string script)
    {
        var nav = string.Concat(Pages.Select(p =>
            $"<a href=\"{p.Path}\"{(p.Path == path ? " class=\"active\"" : string.Empty)}>{WebUtility.HtmlEncode(p.Title)}</a>"));
        return $$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(title)}} · Platform</title>
            <link rel="stylesheet" href="/assets/dashboard.css">
            </head><body>
            <header><strong>Platform</strong><nav>{{nav}}</nav><span id="connection" role="status"></span><span id="truncation"></span></header>
            <main>{{body}}</main>
            <script src="/assets/common.js"></script>
            <script src="/assets/{{script}}"></script>
            </body></html>
            """;
    }

    /// <summary>
    /// The page a browser gets without a valid sign-in: a field for the token, and the page asked
    /// for (<paramref name="returnTo"/>), where signing in leads back to, so a shared link still shows its view.
    /// </summary>
    public static string Login(string? problem, string? returnTo) => $$"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Platform</title>
        <link rel="stylesheet" href="/assets/dashboard.css"></head><body class="login">
        <main><h1>Platform dashboard</h1>
        {{(problem is null ? string.Empty : $"<p class=\"problem\" id=\"problem\">{WebUtility.HtmlEncode(problem)}</p>")}}
        <form method="get" action="/login"><label>Token <input name="t" type="password" autocomplete="off" required></label>
        {{(returnTo is null ? string.Empty : $"<input type=\"hidden\" name=\"return\" value=\"{WebUtility.HtmlEncode(returnTo)}\">")}}
        <button type="submit">Sign in</button></form>
        <p>Use the login URL the AppHost printed at start, or the value of PLATFORM_DASHBOARD_TOKEN.</p></main></body></html>
        """;
}
