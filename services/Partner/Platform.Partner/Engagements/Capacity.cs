namespace Platform.Partner.Engagements;

/// <summary>
/// An expert's coaching capacity per month: the monthly capacity minus the monthly load of each
/// active engagement whose plan spans that month. Completed engagements free their share.
/// </summary>
public static class Capacity
{
    /// <summary>Hours left in the month that <paramref name="month"/> is in.</summary>
    public static double HoursLeft(double monthlyCapacity, IEnumerable<Engagement> engagements, DateOnly month) =>
        monthlyCapacity - engagements.Where(e => e.Status == EngagementStatus.Active && e.Covers(month)).Sum(e => e.MonthlyLoad);

    /// <summary>The first month of <paramref name="planned"/> it does not fit in, with the hours that month has left; null when it fits.</summary>
    public static (DateOnly Month, double HoursLeft)? FirstShortfall(double monthlyCapacity, IReadOnlyCollection<Engagement> engagements, Engagement planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        for (var i = 0; i < planned.Months; i++)
        {
            var month = planned.StartsOn.AddMonths(i);
            var left = HoursLeft(monthlyCapacity, engagements, month);
            // A thousandth of an hour of slack: 10 hours over 3 months is 3.333... each.
            if (planned.MonthlyLoad > left + 0.001)
            {
                return (month, left);
            }
        }

        return null;
    }
}
