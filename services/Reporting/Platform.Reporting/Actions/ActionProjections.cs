using Platform.Contracts.Events;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Actions;

/// <summary>A commitment: the action counted once as committed; its status unless a later change is already known.</summary>
public sealed class ActionCommittedProjection : IProjection<ActionCommitted>
{
    public async Task ApplyAsync(ActionCommitted evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await projection.LockedAsync(projection.Db.Actions, "actions", "ActionId", evt.ActionId, cancellationToken);
        if (record is null)
        {
            record = new ActionRecord { ActionId = evt.ActionId, Theme = evt.Theme, Status = "Open", DueOn = evt.DueOn, StatusChangedAt = DateTimeOffset.MinValue };
            projection.Db.Actions.Add(record);
        }

        // The owner is the latest known: a change that came first (a hand-over, then a null id) stands.
        (record.Title, record.ExperienceId, record.PartnerId) = (evt.Title, evt.ExperienceId, evt.PartnerId);
        record.OwnerProfessionalId = evt.OccurredAt > record.StatusChangedAt ? evt.OwnerProfessionalId : record.OwnerProfessionalId;
        if (record.CommittedOn is null)
        {
            record.CommittedOn = projection.DayOf(evt.OccurredAt);
            projection.Figures.Add(Metrics.ActionsCommitted, record.CommittedOn.Value, 1, record.Theme);
        }

        ActionStatus.Apply(projection, record, from: null, evt.Status, evt.DueOn, evt.OccurredAt);
    }
}

/// <summary>A status change: applied when it is the latest known; Done counts as completed once, and is taken back if it is undone.</summary>
public sealed class ActionStatusChangedProjection : IProjection<ActionStatusChanged>
{
    public async Task ApplyAsync(ActionStatusChanged evt, Projection projection, CancellationToken cancellationToken)
    {
        var record = await projection.LockedAsync(projection.Db.Actions, "actions", "ActionId", evt.ActionId, cancellationToken);
        if (record is null)
        {
            // The commitment is still on its way: keep what is known; it fills in title and the committed count.
            record = new ActionRecord { ActionId = evt.ActionId, Theme = evt.Theme, Status = evt.FromStatus, DueOn = evt.DueOn, StatusChangedAt = DateTimeOffset.MinValue };
            projection.Db.Actions.Add(record);
        }

        // The owner is the latest known, a null id too: the action was handed to someone whose id is not known.
        (record.ExperienceId, record.PartnerId) = (evt.ExperienceId ?? record.ExperienceId, evt.PartnerId ?? record.PartnerId);
        record.OwnerProfessionalId = evt.OccurredAt > record.StatusChangedAt ? evt.OwnerProfessionalId : record.OwnerProfessionalId;
        ActionStatus.Apply(projection, record, evt.FromStatus, evt.ToStatus, evt.DueOn, evt.OccurredAt);
    }
}

internal static class ActionStatus
{
    public const string Open = "Open";
    public const string InProgress = "InProgress";
    public const string Done = "Done";
    public const string Dropped = "Dropped";

    /// <summary>
    /// A change from <paramref name="from"/> (null for the commitment) to <paramref name="to"/>. The latest
    /// change sets the status and deadline. While the action is Done, it counts as completed on the day of
    /// the latest transition into Done known (from any other status): the one its Done rests on once all
    /// its events are in, whatever their order. A Done to Done change (the deadline or owner moved) never
    /// sets that day; an action leaving Done takes its completion back.
    /// </summary>
    public static void Apply(Projection projection, ActionRecord record, string? from, string to, DateOnly dueOn, DateTimeOffset at)
    {
        if (at > record.StatusChangedAt)
        {
            (record.Status, record.DueOn, record.StatusChangedAt) = (to, dueOn, at);
        }

        var completedOn = record.Status == Done ? record.CompletedOn : null;
        if (record.Status == Done && to == Done && from != Done)
        {
            var day = projection.DayOf(at);
            completedOn = completedOn is { } known && known > day ? known : day;
        }

        if (completedOn == record.CompletedOn)
        {
            return;
        }

        if (record.CompletedOn is { } counted)
        {
            projection.Figures.Add(Metrics.ActionsCompleted, counted, -1, record.Theme);
        }

        if (completedOn is { } completed)
        {
            projection.Figures.Add(Metrics.ActionsCompleted, completed, 1, record.Theme);
        }

        record.CompletedOn = completedOn;
    }
}
