namespace Platform.Partner.Engagements;

public enum EngagementStatus
{
    Active,
    Completed,
}

/// <summary>An Expert coaching a Partner: planned hours spread evenly over whole months, and the hours logged.</summary>
public sealed class Engagement
{
    private Engagement()
    {
    }

    public Guid Id { get; private set; }

    public Guid ExpertId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid? ExperienceId { get; private set; }

    public string Scope { get; private set; } = string.Empty;

    public double PlannedHours { get; private set; }

    /// <summary>The first day of the first month of the plan.</summary>
    public DateOnly StartsOn { get; private set; }

    public int Months { get; private set; }

    public double LoggedHours { get; private set; }

    public EngagementStatus Status { get; private set; }

    public DateTimeOffset EngagedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The hours a month this engagement takes from the expert's capacity while active.</summary>
    public double MonthlyLoad => PlannedHours / Months;

    public static Engagement Plan(Guid expertId, Guid organizationId, EngagementPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new Engagement
        {
            Id = Guid.CreateVersion7(now),
            ExpertId = expertId,
            OrganizationId = organizationId,
            ExperienceId = plan.ExperienceId,
            Scope = plan.Scope.Trim(),
            PlannedHours = plan.PlannedHours,
            StartsOn = new DateOnly(plan.StartsOn.Year, plan.StartsOn.Month, 1),
            Months = plan.Months,
            Status = EngagementStatus.Active,
            EngagedAt = now,
        };
    }

    /// <summary>Whether the plan spans the month that <paramref name="month"/> is in.</summary>
    public bool Covers(DateOnly month)
    {
        // Counted in months, not dates: a plan ending in December 9999 has no first day after it.
        var index = MonthIndex(month) - MonthIndex(StartsOn);
        return index >= 0 && index < Months;
    }

    private static int MonthIndex(DateOnly day) => (day.Year * 12) + day.Month - 1;

    /// <summary>The decimals of hours kept, as Reporting keeps them.</summary>
    public const int HoursDecimals = 4;

    /// <summary>
    /// Whether <paramref name="hours"/> has more decimals than the total keeps (an entry of 0.00004 h
    /// would be accepted and never show). Compared as decimals: the double nearest 1.2345 is not 1.2345.
    /// A positive double too small for a decimal converts to 0, and is finer too.
    /// </summary>
    public static bool HasFinerHoursThanKept(double hours)
    {
        var exact = (decimal)hours;
        return Math.Round(exact, HoursDecimals) != exact || (exact == 0 && hours != 0);
    }

    /// <summary>Adds the hours, kept to 4 decimals as Reporting keeps them: a running sum of doubles drifts (1.1 + 2.2 is 3.3000000000000003).</summary>
    public void Log(double hours) => LoggedHours = Math.Round(LoggedHours + hours, HoursDecimals);

    public void Complete(DateTimeOffset now)
    {
        Status = EngagementStatus.Completed;
        CompletedAt = now;
    }
}

/// <summary>What a caller plans, validated.</summary>
public sealed record EngagementPlan(Guid? ExperienceId, string Scope, double PlannedHours, DateOnly StartsOn, int Months);

/// <summary>Hours worked on an engagement, as logged.</summary>
public sealed class HourEntry
{
    public long Id { get; private set; }

    public required Guid EngagementId { get; init; }

    public required double Hours { get; init; }

    public required DateOnly WorkedOn { get; init; }

    public string? Note { get; init; }

    public required string LoggedBy { get; init; }

    public required DateTimeOffset LoggedAt { get; init; }
}
