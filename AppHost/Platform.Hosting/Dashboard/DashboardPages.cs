using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Platform.Hosting.Dashboard;

/// <summary>The dashboard's pages: server-rendered shells whose scripts read the JSON and event-stream API.</summary>
internal static class DashboardPages
{
    public static void Map(RouteGroupBuilder secured)
    {
        Page(secured, "/", "Resources", "resources.js", """
            <h1>Resources</h1>
            <table id="resources" class="grid"><thead><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>Started</th><th>URLs</th><th>Restarts</th><th>Actions</th></tr></thead><tbody></tbody></table>
            <section id="details" hidden></section>
            <h2>References</h2><svg id="graph" role="img" aria-label="Graph of references"></svg>
            """);
        Page(secured, "/console", "Console", "console.js", """
            <h1>Console logs</h1>
            <div class="toolbar"><select id="resource"><option value="">All resources</option></select>
            <input id="filter" type="search" placeholder="Filter text">
            <button id="pause" type="button">Pause</button><span id="paused"></span>
            <a id="download" href="/api/console/download">Download</a></div>
            <pre id="log" class="log"></pre>
            """);
        Page(secured, "/structured", "Structured logs", "structured.js", """
            <h1>Structured logs</h1>
            <form class="toolbar" id="query"><select name="service"><option value="">All resources</option></select>
            <select name="level"><option value="">Any level</option><option>Trace</option><option>Debug</option><option>Information</option><option>Warning</option><option>Error</option><option>Critical</option></select>
            <input name="text" type="search" placeholder="Text"><label>From <input name="from" type="datetime-local" step="1"></label>
            <label>To <input name="to" type="datetime-local" step="1"></label><input name="traceId" type="hidden"><button type="submit">Search</button></form>
            <p id="summary"></p>
            <table id="logs" class="grid"><thead><tr><th>Time</th><th>Level</th><th>Resource</th><th>Message</th><th>Trace</th></tr></thead><tbody></tbody></table>
            """);
        Page(secured, "/traces", "Traces", "traces.js", """
            <h1>Traces</h1>
            <form class="toolbar" id="query"><select name="service"><option value="">All resources</option></select>
            <select name="status"><option value="">Any status</option><option>Error</option><option>Ok</option><option>Unset</option></select>
            <label>Min duration (ms) <input name="minMs" type="number" min="0" step="1"></label><input name="text" type="search" placeholder="Name">
            <button type="submit">Search</button></form>
            <p id="summary"></p>
            <table id="traces" class="grid sortable"><thead><tr><th data-sort="start">Start</th><th data-sort="name">Name</th><th>Resources</th><th data-sort="spans">Spans</th><th data-sort="duration">Duration</th><th data-sort="status">Status</th></tr></thead><tbody></tbody></table>
            """);
        Page(secured, "/traces/{traceId}", "Trace", "trace.js", """
            <h1>Trace <code id="trace-id"></code></h1><p id="summary"></p>
            <div id="waterfall" class="waterfall"></div><section id="span" class="details" hidden></section>
            """);
        Page(secured, "/metrics", "Metrics", "metrics.js", """
            <h1>Metrics</h1>
            <div class="toolbar"><select id="service"></select>
            <select id="window"><option value="60">1 min</option><option value="300" selected>5 min</option><option value="900">15 min</option><option value="3600">1 h</option><option value="21600">6 h</option><option value="43200">12 h</option></select><span id="filters"></span></div>
            <p id="overflow"></p>
            <div class="split"><ul id="instruments" class="list"></ul><section id="chart"></section></div>
            """);
        Page(secured, "/messaging", "Messaging", "messaging.js", """
            <h1>Messaging</h1>
            <h2>Queues</h2><table id="queues" class="grid"><thead><tr><th>Queue</th><th>Ready</th><th>Unacked</th><th>Consumers</th><th>In /s</th><th>Out /s</th></tr></thead><tbody></tbody></table>
            <h2>Outbox lag</h2><table id="outbox" class="grid"><thead><tr><th>Service</th><th>Lag</th><th>Health</th></tr></thead><tbody></tbody></table>
            <h2>Error queues</h2><p id="notice" role="status"></p><div id="errors"></div>
            """);
    }

    private static void Page(RouteGroupBuilder secured, string path, string title, string script, string body) =>
        secured.MapGet(path, () => Results.Content(DashboardLayout.Render(path.Split('{')[0].TrimEnd('/') is { Length: > 0 } p ? p : "/", title, body, script), "text/html; charset=utf-8"));
}
