using Platform.Experience.Formats;

namespace Platform.Experience.Experiences;

public enum ExperienceStatus
{
    Draft,
    Scheduled,
    Running,
    Completed,
    Cancelled,
}

/// <summary>One run of a format with host Partners and Experts: its lifecycle and, for a series, its seats.</summary>
public sealed class Experience
{
    private Experience()
    {
    }

    public Guid Id { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public Guid FormatId { get; private set; }

    public int FormatVersion { get; private set; }

    public string FormatName { get; private set; } = string.Empty;

    public ExperienceKind Kind { get; private set; }

    public List<Guid> HostPartnerIds { get; private set; } = [];

    public List<Guid> FacilitatorExpertIds { get; private set; } = [];

    public bool IsOnline { get; private set; }

    public string Location { get; private set; } = string.Empty;

    public bool RegistersForSeries { get; private set; }

    /// <summary>The seat pool of a series registration (see <see cref="Registrations.Seats"/>).</summary>
    public int Capacity { get; private set; }

    public int WaitlistedCount { get; private set; }

    public long WaitlistSequence { get; private set; }

    public ExperienceStatus Status { get; private set; }

    /// <summary>The start of its earliest session, for lists by date; null without sessions.</summary>
    public DateTimeOffset? StartsAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// When it was scheduled: announced to subscribers and its calendar published. Null for a
    /// draft, and for one cancelled as a draft (it was never public).
    /// </summary>
    public DateTimeOffset? ScheduledAt { get; private set; }

    public string? CancellationReason { get; private set; }

    public static Experience Create(FormatVersion format, ExperiencePlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(plan);
        return new Experience
        {
            Id = Guid.CreateVersion7(now),
            Title = plan.Title.Trim(),
            FormatId = format.FormatId,
            FormatVersion = format.Version,
            FormatName = format.Name,
            Kind = format.Kind,
            HostPartnerIds = [.. plan.HostPartnerIds],
            FacilitatorExpertIds = [.. plan.FacilitatorExpertIds],
            IsOnline = plan.IsOnline,
            Location = plan.Location.Trim(),
            RegistersForSeries = format.RegistersForSeries,
            Capacity = plan.Capacity ?? format.DefaultCapacity,
            Status = ExperienceStatus.Draft,
            CreatedAt = now,
        };
    }

    public void SessionAdded(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (StartsAt is null || session.StartsAt < StartsAt)
        {
            StartsAt = session.StartsAt;
        }
    }

    /// <summary>Moves to <paramref name="to"/> at <paramref name="now"/>; the caller checked <see cref="Lifecycle.Allows"/>.</summary>
    public void MoveTo(ExperienceStatus to, string? reason, DateTimeOffset now)
    {
        Status = to;
        if (to == ExperienceStatus.Scheduled)
        {
            ScheduledAt = now;
        }

        if (to == ExperienceStatus.Cancelled)
        {
            CancellationReason = reason;
        }
    }
}

/// <summary>What a caller plans, validated and checked with the Partner service.</summary>
public sealed record ExperiencePlan(string Title, IReadOnlyList<Guid> HostPartnerIds, IReadOnlyList<Guid> FacilitatorExpertIds, bool IsOnline, string Location, int? Capacity);

/// <summary>Draft -> Scheduled -> Running -> Completed, or Cancelled before completion.</summary>
public static class Lifecycle
{
    public static bool Allows(ExperienceStatus from, ExperienceStatus to) => (from, to) switch
    {
        (ExperienceStatus.Draft, ExperienceStatus.Scheduled) => true,
        (ExperienceStatus.Scheduled, ExperienceStatus.Running) => true,
        (ExperienceStatus.Running, ExperienceStatus.Completed) => true,
        (ExperienceStatus.Draft or ExperienceStatus.Scheduled or ExperienceStatus.Running, ExperienceStatus.Cancelled) => true,
        _ => false,
    };

    /// <summary>Whether professionals can register.</summary>
    public static bool IsOpen(ExperienceStatus status) => status is ExperienceStatus.Scheduled or ExperienceStatus.Running;
}
