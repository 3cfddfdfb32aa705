using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Reporting.V1;
using Platform.Reporting.Data;
using Platform.Reporting.Ingest;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Reporting.Reports;

/// <summary>One metric per day, week (from Monday) or month, from the daily counters: whole periods covering the range, those without activity 0.</summary>
public sealed class TimeSeriesReport(ReportingDbContext db)
{
    public const int MaxPeriods = 1000;

    private static readonly Dictionary<Metric, string> Counters = new()
    {
        [Metric.Reached] = Metrics.Reached,
        [Metric.Attendances] = Metrics.Attendances,
        [Metric.ParticipantHours] = Metrics.ParticipantHours,
        [Metric.Registrations] = Metrics.Registrations,
        [Metric.NoShows] = Metrics.NoShows,
        [Metric.Feedback] = Metrics.Feedback,
        [Metric.ActionsCommitted] = Metrics.ActionsCommitted,
        [Metric.ActionsCompleted] = Metrics.ActionsCompleted,
        [Metric.MembersJoined] = Metrics.MembersJoined,
        [Metric.NewsPublished] = Metrics.NewsPublished,
        [Metric.SocialPostsPublished] = Metrics.SocialPostsPublished,
        [Metric.ForumPosts] = Metrics.ForumPosts,
        [Metric.CoachingHours] = Metrics.CoachingHours,
        [Metric.PartnersJoined] = Metrics.PartnersJoined,
    };

    public async Task<TimeSeries> GetAsync(GetTimeSeriesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (counter, firstDay, lastDay) = Validate(request);

        // Whole periods: the first and last are counted in full, as their labels say.
        var from = PeriodOf(firstDay, request.Interval);
        var last = PeriodOf(lastDay, request.Interval);
        var to = EndOf(last, request.Interval);
        var days = await db.Figures.AsNoTracking()
            .Where(f => f.Metric == counter && f.Day >= from && f.Day <= to)
            .GroupBy(f => f.Day)
            .Select(g => new { Day = g.Key, Value = g.Sum(f => f.Value) })
            .ToListAsync(cancellationToken);
        var byPeriod = days.GroupBy(d => PeriodOf(d.Day, request.Interval)).ToDictionary(g => g.Key, g => g.Sum(d => d.Value));
        var series = new TimeSeries { Metric = request.Metric, Interval = request.Interval };
        // Stepping stops at the last period, never past it: after December 9999 there is no next month.
        for (var period = from; ; period = Next(period, request.Interval))
        {
            series.Points.Add(new TimeSeriesPoint { PeriodStart = Fields.Format(period), Value = (double)byPeriod.GetValueOrDefault(period) });
            if (period == last)
            {
                break;
            }
        }

        series.Total = (double)byPeriod.Values.Sum();
        return series;
    }

    private static (string Counter, DateOnly From, DateOnly To) Validate(GetTimeSeriesRequest request)
    {
        var validation = new Validation();
        if (!Counters.TryGetValue(request.Metric, out var counter))
        {
            validation.Add("metric", "is required: one of " + string.Join(", ", Counters.Keys.Select(m => "METRIC_" + ToUpperSnake(m.ToString()))));
        }

        if (request.Interval == Interval.Unspecified || !System.Enum.IsDefined(request.Interval))
        {
            validation.Add("interval", "is required: INTERVAL_DAY, INTERVAL_WEEK or INTERVAL_MONTH");
        }

        var from = Fields.OptionalDate(validation, "from", request.From);
        var to = Fields.OptionalDate(validation, "to", request.To);
        if (string.IsNullOrEmpty(request.From))
        {
            validation.Add("from", "is required");
        }

        if (string.IsNullOrEmpty(request.To))
        {
            validation.Add("to", "is required");
        }

        if (from is { } f && to is { } t && validation.IsValid)
        {
            if (t < f)
            {
                validation.Add("to", "must not be before from");
            }
            else if (Periods(f, t, request.Interval) > MaxPeriods)
            {
                validation.Add("to", $"makes more than {MaxPeriods} periods; choose a shorter range or a longer interval");
            }
        }

        validation.ThrowIfInvalid();
        return (counter!, from!.Value, to!.Value);
    }

    public static DateOnly PeriodOf(DateOnly day, Interval interval) => interval switch
    {
        Interval.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        Interval.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    /// <summary>The period's last day; the calendar's last day for a week that would run past it.</summary>
    private static DateOnly EndOf(DateOnly period, Interval interval) => interval switch
    {
        Interval.Week => period.DayNumber > DateOnly.MaxValue.DayNumber - 6 ? DateOnly.MaxValue : period.AddDays(6),
        Interval.Month => new DateOnly(period.Year, period.Month, DateTime.DaysInMonth(period.Year, period.Month)),
        _ => period,
    };

    private static DateOnly Next(DateOnly period, Interval interval) => interval switch
    {
        Interval.Week => period.AddDays(7),
        Interval.Month => period.AddMonths(1),
        _ => period.AddDays(1),
    };

    private static int Periods(DateOnly from, DateOnly to, Interval interval) => interval switch
    {
        Interval.Week => (PeriodOf(to, interval).DayNumber - PeriodOf(from, interval).DayNumber) / 7 + 1,
        Interval.Month => (to.Year - from.Year) * 12 + to.Month - from.Month + 1,
        _ => to.DayNumber - from.DayNumber + 1,
    };

    private static string ToUpperSnake(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
