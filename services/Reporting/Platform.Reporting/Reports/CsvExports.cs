using System.Globalization;
using System.Text;
using Platform.Contracts.Reporting.V1;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Security;

namespace Platform.Reporting.Reports;

/// <summary>
/// The reports as CSV on the http endpoint (for spreadsheets; a bearer token with reporting.read):
/// <c>/reports/partners/{id}.csv</c>, <c>/reports/funnel.csv</c>, <c>/reports/time-series.csv</c>,
/// <c>/reports/nps.csv</c>. Bad input is a 400 naming the field (a query parameter an export does
/// not take too, rather than an export without the filter meant), an unknown partner or experience a 404.
/// </summary>
public static class CsvExports
{
    public static WebApplication MapCsvExports(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var reports = app.MapGroup("/reports").RequireAuthorization(Scopes.ReportingRead).AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (ValidationFailedException ex)
            {
                return Results.ValidationProblem(ex.Violations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Description).ToArray()));
            }
            catch (NotFoundException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }
        });
        reports.MapGet("/partners/{id}.csv", async (string id, PartnerReports partners, CancellationToken cancellationToken) =>
            Csv("partner-" + id, PartnerRows(await partners.GetAsync(new GetPartnerReportRequest { PartnerId = id }, cancellationToken)))).TakesOnly();
        reports.MapGet("/funnel.csv", async (string? experienceId, string? partnerId, FunnelReport funnels, CancellationToken cancellationToken) =>
            Csv("funnel", FunnelRows(await funnels.GetAsync(new GetFunnelRequest { ExperienceId = experienceId ?? string.Empty, PartnerId = partnerId ?? string.Empty }, cancellationToken)))).TakesOnly("experienceId", "partnerId");
        reports.MapGet("/time-series.csv", async (string? metric, string? interval, string? from, string? to, TimeSeriesReport series, CancellationToken cancellationToken) =>
        {
            var request = new GetTimeSeriesRequest { Metric = Parse<Metric>("METRIC_", metric), Interval = Parse<Interval>("INTERVAL_", interval), From = from ?? string.Empty, To = to ?? string.Empty };
            var result = await series.GetAsync(request, cancellationToken);
            return Csv("time-series-" + metric, [["period_start", "value"], .. result.Points.Select(p => new[] { p.PeriodStart, Number(p.Value) })]);
        }).TakesOnly("metric", "interval", "from", "to");
        reports.MapGet("/nps.csv", async (string? groupBy, NpsReport nps, CancellationToken cancellationToken) =>
        {
            var result = await nps.ListAsync(new ListNpsRequest { GroupBy = Parse<NpsGrouping>("NPS_GROUPING_", groupBy) }, cancellationToken);
            return Csv("nps", [["id", "name", "responses", "promoters", "passives", "detractors", "nps"], .. result.Groups.Select(g => (string[])[g.Id, g.Name, .. NpsColumns(g.Nps)])]);
        }).TakesOnly("groupBy");
        return app;
    }

    /// <summary>
    /// A query parameter the export does not take (names compare case-insensitively, as they bind) is a
    /// 400 naming it: ignored, a filter under another spelling (<c>experience_id</c>, the gRPC field's
    /// name, for <c>experienceId</c>) would export the network's figures as if they were filtered.
    /// </summary>
    private static RouteHandlerBuilder TakesOnly(this RouteHandlerBuilder endpoint, params string[] parameters) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var validation = new Validation();
            var takes = parameters.Length == 0 ? "it takes none" : "it takes " + string.Join(", ", parameters);
            foreach (var name in context.HttpContext.Request.Query.Keys.Where(k => !parameters.Contains(k, StringComparer.OrdinalIgnoreCase)))
            {
                validation.Add(name, "is not a parameter of this export: " + takes);
            }

            validation.ThrowIfInvalid();
            return await next(context);
        });

    /// <summary>A query value like <c>month</c> or <c>METRIC_REACHED</c> as the contract's enum; unspecified when unknown (the report names the field).</summary>
    private static T Parse<T>(string prefix, string? value)
        where T : struct, System.Enum
    {
        var name = (value ?? string.Empty).Replace("-", "_", StringComparison.Ordinal).ToUpperInvariant();
        name = name.StartsWith(prefix, StringComparison.Ordinal) ? name : prefix + name;
        return System.Enum.GetValues<T>().FirstOrDefault(v => OriginalName(v) == name);
    }

    private static string? OriginalName<T>(T value)
        where T : struct, System.Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttributes(typeof(Google.Protobuf.Reflection.OriginalNameAttribute), false)
            .OfType<Google.Protobuf.Reflection.OriginalNameAttribute>().FirstOrDefault()?.Name;

    /// <summary>
    /// One row per experience the partner hosted, then the partner's total. Actions, engagements and
    /// coaching hours belong to the partner, not to an experience: they are in the total row only.
    /// </summary>
    private static IEnumerable<string[]> PartnerRows(PartnerReport report)
    {
        string[] partnerOnly = ["actions_open", "actions_in_progress", "actions_done", "actions_dropped", "actions_overdue", "engagements", "coaching_hours"];
        yield return ["experience_id", "title", "kind", "status", "professionals_reached", "attendances", "participant_hours", "feedback", "promoters", "passives", "detractors", "nps", .. partnerOnly];
        foreach (var e in report.Experiences)
        {
            yield return [e.ExperienceId, e.Title, e.Kind, e.Status, Number(e.ProfessionalsReached), Number(e.Attendances), Number(e.ParticipantHours), .. NpsColumns(e.Nps), .. partnerOnly.Select(_ => string.Empty)];
        }

        var actions = report.Actions ?? new ActionCounts();
        yield return
        [
            "total", report.Name, string.Empty, report.Stage, Number(report.ProfessionalsReached), Number(report.Attendances), Number(report.ParticipantHours), .. NpsColumns(report.Nps),
            Number(actions.Open), Number(actions.InProgress), Number(actions.Done), Number(actions.Dropped), Number(actions.Overdue), Number(report.Engagements), Number(report.CoachingHours),
        ];
    }

    private static IEnumerable<string[]> FunnelRows(Funnel funnel) =>
    [
        ["step", "professionals"],
        ["registered", Number(funnel.Registered)],
        ["attended", Number(funnel.Attended)],
        ["gave_feedback", Number(funnel.GaveFeedback)],
        ["committed_to_action", Number(funnel.CommittedToAction)],
        ["completed_action", Number(funnel.CompletedAction)],
        ["no_shows", Number(funnel.NoShows)],
        ["no_show_percentage", Number(funnel.NoShowPercentage)],
        ["waitlisted", Number(funnel.Waitlisted)],
        ["waitlist_conversions", Number(funnel.WaitlistConversions)],
        ["waitlist_conversion_percentage", Number(funnel.WaitlistConversionPercentage)],
    ];

    private static string[] NpsColumns(Nps nps) =>
        [Number(nps.Responses), Number(nps.Promoters), Number(nps.Passives), Number(nps.Detractors), Number(nps.Score)];

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static IResult Csv(string name, IEnumerable<string[]> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-'));
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", safe + ".csv");
    }

    /// <summary>RFC 4180 quoting; text that a spreadsheet would run as a formula gets a leading apostrophe.</summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+@\t\r".Contains(value[0], StringComparison.Ordinal) || value.StartsWith('-') && !double.TryParse(value, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
