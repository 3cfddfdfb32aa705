namespace Platform.Experience.Actions;

public enum ActionTheme
{
    EnergyWater,
    Waste,
    PaperPurchasing,
    Mobility,
    Other,
}

public enum ActionStatus
{
    Open,
    InProgress,
    Done,
    Dropped,
}

/// <summary>What the network's work comes down to: a climate action with an owner and a deadline, on an experience's action list.</summary>
public sealed class ClimateAction
{
    private ClimateAction()
    {
    }

    public Guid Id { get; private set; }

    public Guid ExperienceId { get; private set; }

    /// <summary>The partner organization it is carried out in; null when none.</summary>
    public Guid? PartnerId { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public ActionTheme Theme { get; private set; }

    public string Owner { get; private set; } = string.Empty;

    public string? OwnerProfessionalId { get; private set; }

    public DateOnly DueOn { get; private set; }

    public ActionStatus Status { get; private set; }

    /// <summary>True when a participant committed to it; false when the coach put it on the list.</summary>
    public bool CommittedByParticipant { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>Overdue: the deadline has passed while it is still to be done.</summary>
    public bool IsOverdueOn(DateOnly today) => DueOn < today && Status is ActionStatus.Open or ActionStatus.InProgress;

    public static ClimateAction Plan(Guid experienceId, ActionPlan plan, bool committedByParticipant, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new ClimateAction
        {
            Id = Guid.CreateVersion7(now),
            ExperienceId = experienceId,
            PartnerId = plan.PartnerId,
            Title = plan.Title,
            Theme = plan.Theme,
            Owner = plan.Owner,
            OwnerProfessionalId = plan.OwnerProfessionalId,
            DueOn = plan.DueOn,
            Status = ActionStatus.Open,
            CommittedByParticipant = committedByParticipant,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
    }

    /// <summary>
    /// Applies the changes given (null leaves a field as it is); true when anything changed. Another
    /// owner (not the same name in other capitals) is not a known professional: the professional id
    /// of the one before goes with them.
    /// </summary>
    public bool Change(ActionStatus? status, DateOnly? dueOn, string? owner, DateTimeOffset now)
    {
        var changed = (status is { } s && s != Status) || (dueOn is { } d && d != DueOn) || (owner is { } o && o != Owner);
        if (changed)
        {
            if (owner is not null && !string.Equals(owner, Owner, StringComparison.OrdinalIgnoreCase))
            {
                OwnerProfessionalId = null;
            }

            Status = status ?? Status;
            DueOn = dueOn ?? DueOn;
            Owner = owner ?? Owner;
            UpdatedAt = now;
            Version++;
        }

        return changed;
    }
}

/// <summary>An action as planned: validated, its partner and owner resolved.</summary>
public sealed record ActionPlan(Guid? PartnerId, string Title, ActionTheme Theme, string Owner, string? OwnerProfessionalId, DateOnly DueOn);
