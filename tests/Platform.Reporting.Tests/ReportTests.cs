using System.Net;
using System.Net.Http.Headers;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>The funnel, the partner report, time series and their CSV exports for the scenario.</summary>
[Collection(ReportingServers.Name)]
public sealed class ReportTests(ReportingFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Scenario S => fixture.Scenario;

    [Fact]
    public async Task Funnel_of_the_network_counts_unique_professionals_per_step()
    {
        var funnel = await fixture.Analyst.GetFunnelAsync(new GetFunnelRequest(), cancellationToken: Cancel);

        // p1-p7 registered (p2 twice, in two spellings); p1, p2, p3, p5 attended and gave feedback and committed; p3 completed.
        Assert.Equal((7L, 4L, 4L, 4L, 1L), (funnel.Registered, funnel.Attended, funnel.GaveFeedback, funnel.CommittedToAction, funnel.CompletedAction));

        // One no-show against six attendances; p6 and p7 waited, p6 got a seat.
        Assert.Equal((1L, 14.29), (funnel.NoShows, funnel.NoShowPercentage));
        Assert.Equal((2L, 1L, 50.0), (funnel.Waitlisted, funnel.WaitlistConversions, funnel.WaitlistConversionPercentage));
    }

    [Fact]
    public async Task Funnel_of_a_partner_covers_the_experiences_it_hosted()
    {
        var funnel = await fixture.Analyst.GetFunnelAsync(new GetFunnelRequest { PartnerId = S.PartnerA.ToString() }, cancellationToken: Cancel);
        var roundTable = await fixture.Analyst.GetFunnelAsync(new GetFunnelRequest { ExperienceId = S.RoundTable.ToString() }, cancellationToken: Cancel);

        Assert.Equal((6L, 3L, 3L, 3L, 1L), (funnel.Registered, funnel.Attended, funnel.GaveFeedback, funnel.CommittedToAction, funnel.CompletedAction));
        Assert.Equal((1L, 20.0), (funnel.NoShows, funnel.NoShowPercentage));
        Assert.Equal((2L, 2L, 1L, 1L, 0L, 0L), (roundTable.Registered, roundTable.Attended, roundTable.GaveFeedback, roundTable.CommittedToAction, roundTable.CompletedAction, roundTable.NoShows));
    }

    [Fact]
    public async Task Partner_report_shows_what_the_partner_hosted_and_reached()
    {
        var report = await fixture.Analyst.GetPartnerReportAsync(new GetPartnerReportRequest { PartnerId = S.PartnerA.ToString() }, cancellationToken: Cancel);

        Assert.Equal(("Gemeente Utrecht", "Government", "Partner"), (report.Name, report.Sector, report.Stage));
        Assert.Equal((2L, 1L, 3L, 4L, 8.0), (report.ExperiencesHosted, report.ExperiencesCompleted, report.ProfessionalsReached, report.Attendances, report.ParticipantHours));
        Assert.Equal((1L, 1L, 1L, 0L, 1L), (report.Actions.Open, report.Actions.InProgress, report.Actions.Done, report.Actions.Dropped, report.Actions.Overdue));
        Assert.Equal((4L, 0.0), (report.Nps.Responses, report.Nps.Score));
        Assert.Equal((1L, 7.5), (report.Engagements, report.CoachingHours));
        Assert.Equal(
            [("Beyond Zero in Tivoli", "Screening", "Completed", 2L, 2L, 5.0), ("LEF-talk: mobility", "Webinar", "Scheduled", 2L, 2L, 3.0)],
            report.Experiences.Select(e => (e.Title, e.Kind, e.Status, e.ProfessionalsReached, e.Attendances, e.ParticipantHours)));
    }

    [Fact]
    public async Task Time_series_by_month_fills_empty_months_with_zero()
    {
        var attendances = await fixture.Analyst.GetTimeSeriesAsync(new GetTimeSeriesRequest { Metric = Metric.Attendances, Interval = Interval.Month, From = "2025-11-15", To = "2026-06-15" }, cancellationToken: Cancel);
        var reachedByWeek = await fixture.Analyst.GetTimeSeriesAsync(new GetTimeSeriesRequest { Metric = Metric.Reached, Interval = Interval.Week, From = "2026-04-06", To = "2026-04-19" }, cancellationToken: Cancel);

        Assert.Equal(
            [("2025-11-01", 2.0), ("2025-12-01", 0.0), ("2026-01-01", 0.0), ("2026-02-01", 0.0), ("2026-03-01", 0.0), ("2026-04-01", 2.0), ("2026-05-01", 2.0), ("2026-06-01", 0.0)],
            attendances.Points.Select(p => (p.PeriodStart, p.Value)));
        Assert.Equal(6.0, attendances.Total);
        Assert.Equal([("2026-04-06", 2.0), ("2026-04-13", 0.0)], reachedByWeek.Points.Select(p => (p.PeriodStart, p.Value)));
    }

    [Fact]
    public async Task Time_series_up_to_the_calendars_last_day_end_with_its_last_period()
    {
        async Task<string[]> PeriodsAsync(Interval interval, string from) =>
            [.. (await fixture.Analyst.GetTimeSeriesAsync(new GetTimeSeriesRequest { Metric = Metric.Reached, Interval = interval, From = from, To = "9999-12-31" }, cancellationToken: Cancel)).Points.Select(p => p.PeriodStart)];

        Assert.Equal(["9999-11-01", "9999-12-01"], await PeriodsAsync(Interval.Month, "9999-11-15"));
        Assert.Equal(["9999-12-20", "9999-12-27"], await PeriodsAsync(Interval.Week, "9999-12-21"));
        Assert.Equal(["9999-12-30", "9999-12-31"], await PeriodsAsync(Interval.Day, "9999-12-30"));
    }

    [Fact]
    public async Task Partner_report_exports_as_csv_with_a_total_row()
    {
        using var http = Http();

        var csv = await http.GetStringAsync(new Uri($"/reports/partners/{S.PartnerA}.csv", UriKind.Relative), Cancel);

        Assert.Equal(
            [
                "experience_id,title,kind,status,professionals_reached,attendances,participant_hours,feedback,promoters,passives,detractors,nps,actions_open,actions_in_progress,actions_done,actions_dropped,actions_overdue,engagements,coaching_hours",
                $"{S.Screening},Beyond Zero in Tivoli,Screening,Completed,2,2,5,2,1,0,1,0,,,,,,,",
                $"{S.Webinar},LEF-talk: mobility,Webinar,Scheduled,2,2,3,2,0,2,0,0,,,,,,,",
                "total,Gemeente Utrecht,,Partner,3,4,8,4,1,2,1,0,1,1,1,0,1,1,7.5",
            ],
            csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Funnel_and_time_series_export_as_csv()
    {
        using var http = Http();

        var funnel = await http.GetStringAsync(new Uri($"/reports/funnel.csv?partnerId={S.PartnerA}", UriKind.Relative), Cancel);
        var series = await http.GetStringAsync(new Uri("/reports/time-series.csv?metric=participant-hours&interval=month&from=2026-04-01&to=2026-05-31", UriKind.Relative), Cancel);

        Assert.StartsWith("step,professionals\r\nregistered,6\r\nattended,3\r\ngave_feedback,3\r\ncommitted_to_action,3\r\ncompleted_action,1\r\nno_shows,1\r\n", funnel, StringComparison.Ordinal);
        Assert.Equal("period_start,value\r\n2026-04-01,5\r\n2026-05-01,3\r\n", series);
    }

    [Fact]
    public async Task Csv_export_names_the_bad_field_and_wants_a_token()
    {
        using var http = Http();
        using var anonymous = fixture.App.CreateHttpClient("reporting");

        using var bad = await http.GetAsync(new Uri("/reports/time-series.csv?metric=reached&interval=fortnight&from=2026-01-01&to=2026-02-01", UriKind.Relative), Cancel);
        using var unknown = await http.GetAsync(new Uri($"/reports/partners/{Guid.NewGuid()}.csv", UriKind.Relative), Cancel);
        using var noToken = await anonymous.GetAsync(new Uri("/reports/funnel.csv", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"interval\"", await bad.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
    }

    [Fact]
    public async Task Csv_export_refuses_a_query_parameter_it_does_not_take()
    {
        using var http = Http();

        // The gRPC field's name, as a 400 of this endpoint calls it: ignored, it would export the network's funnel as the experience's.
        using var snakeCase = await http.GetAsync(new Uri($"/reports/funnel.csv?experience_id={S.Screening}", UriKind.Relative), Cancel);
        using var typo = await http.GetAsync(new Uri("/reports/nps.csv?groupBy=format&partner=x", UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, snakeCase.StatusCode);
        Assert.Contains("\"experience_id\":[\"is not a parameter of this export: it takes experienceId, partnerId\"]", await snakeCase.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("\"partner\":[\"is not a parameter of this export: it takes groupBy\"]", await typo.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nps_grouped_by_something_unknown_names_the_field()
    {
        // A newer client's grouping (or any number on the wire) this service does not know: not silently per experience.
        var unknown = await Assert.ThrowsAsync<RpcException>(() => fixture.Analyst.ListNpsAsync(new ListNpsRequest { GroupBy = (NpsGrouping)7 }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Equal(["group_by"], unknown.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
    }

    private HttpClient Http()
    {
        var http = fixture.App.CreateHttpClient("reporting");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.AnalystToken);
        return http;
    }
}
