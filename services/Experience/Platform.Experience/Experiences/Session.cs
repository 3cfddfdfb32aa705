namespace Platform.Experience.Experiences;

/// <summary>A meeting of an Experience at a time and place; for per-session experiences also a seat pool.</summary>
public sealed class Session
{
    private Session()
    {
    }

    public Guid Id { get; private set; }

    public Guid ExperienceId { get; private set; }

    public int Sequence { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    /// <summary>IANA name of where it happens.</summary>
    public string TimeZone { get; private set; } = string.Empty;

    public string Location { get; private set; } = string.Empty;

    public string OnlineUrl { get; private set; } = string.Empty;

    public int Capacity { get; private set; }

    public int WaitlistedCount { get; private set; }

    public long WaitlistSequence { get; private set; }

    /// <summary>Set when the no-shows were recorded: attendance is final.</summary>
    public DateTimeOffset? AttendanceClosedAt { get; private set; }

    /// <summary>Its length in hours as attendances announce it (<c>hoursAttended</c>), to the hundredth; completions sum these.</summary>
    public double Hours => Math.Round((EndsAt - StartsAt).TotalHours, 2);

    public static Session Plan(Guid experienceId, int sequence, SessionPlan plan, int capacity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new Session
        {
            Id = Guid.CreateVersion7(now),
            ExperienceId = experienceId,
            Sequence = sequence,
            Title = plan.Title.Trim(),
            StartsAt = plan.StartsAt,
            EndsAt = plan.EndsAt,
            TimeZone = plan.TimeZone,
            Location = plan.Location.Trim(),
            OnlineUrl = plan.OnlineUrl.Trim(),
            Capacity = capacity,
        };
    }

    public void CloseAttendance(DateTimeOffset now) => AttendanceClosedAt = now;
}

/// <summary>What a caller plans, validated: instants in UTC and the zone they were given in.</summary>
public sealed record SessionPlan(string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, string Location, string OnlineUrl, int? Capacity);
