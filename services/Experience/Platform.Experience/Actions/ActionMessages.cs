using Google.Protobuf.WellKnownTypes;
using Platform.Contracts.Events;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience.Actions;

/// <summary>Between the contract's action messages, the events and the domain.</summary>
public static class ActionMessages
{
    public const int TitleLimit = 200;

    /// <summary>The theme, or null (with a violation) when unspecified or unknown.</summary>
    public static ActionTheme? Theme(Validation validation, Proto.ActionTheme theme)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (theme is > Proto.ActionTheme.Unspecified and <= Proto.ActionTheme.Other)
        {
            return (ActionTheme)((int)theme - 1);
        }

        validation.Add("theme", "must be one of EnergyWater, Waste, PaperPurchasing, Mobility, Other");
        return null;
    }

    /// <summary>The status, or null when unspecified; a violation when unknown.</summary>
    public static ActionStatus? Status(Validation validation, string field, Proto.ActionStatus status)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (status == Proto.ActionStatus.Unspecified)
        {
            return null;
        }

        // Protobuf enums are open: a number outside the contract's arrives as it was sent.
        if (status is > Proto.ActionStatus.Unspecified and <= Proto.ActionStatus.Dropped)
        {
            return (ActionStatus)((int)status - 1);
        }

        validation.Add(field, "must be one of Open, InProgress, Done, Dropped");
        return null;
    }

    public static Proto.ClimateAction ToProto(ClimateAction action, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(action);
        var overdue = action.IsOverdueOn(today);
        return new Proto.ClimateAction
        {
            Id = action.Id.ToString(),
            ExperienceId = action.ExperienceId.ToString(),
            PartnerId = Fields.Format(action.PartnerId),
            Title = action.Title,
            Theme = (Proto.ActionTheme)((int)action.Theme + 1),
            Owner = action.Owner,
            OwnerProfessionalId = action.OwnerProfessionalId ?? string.Empty,
            DueOn = Fields.Format(action.DueOn),
            Status = (Proto.ActionStatus)((int)action.Status + 1),
            Overdue = overdue,
            DaysOverdue = overdue ? today.DayNumber - action.DueOn.DayNumber : 0,
            CommittedByParticipant = action.CommittedByParticipant,
            CreatedAt = Timestamp.FromDateTimeOffset(action.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(action.UpdatedAt),
            Version = action.Version,
        };
    }

    public static ActionCommitted Committed(ClimateAction action) => new()
    {
        EventId = Guid.CreateVersion7(),
        OccurredAt = action.CreatedAt,
        ActionId = action.Id,
        ExperienceId = action.ExperienceId,
        PartnerId = action.PartnerId,
        Title = action.Title,
        Theme = action.Theme.ToString(),
        Owner = action.Owner,
        OwnerProfessionalId = action.OwnerProfessionalId,
        DueOn = action.DueOn,
        Status = action.Status.ToString(),
    };

    public static ActionStatusChanged StatusChanged(ClimateAction action, ActionStatus from) => new()
    {
        EventId = Guid.CreateVersion7(),
        OccurredAt = action.UpdatedAt,
        ActionId = action.Id,
        ExperienceId = action.ExperienceId,
        PartnerId = action.PartnerId,
        Theme = action.Theme.ToString(),
        OwnerProfessionalId = action.OwnerProfessionalId,
        FromStatus = from.ToString(),
        ToStatus = action.Status.ToString(),
        DueOn = action.DueOn,
    };
}
