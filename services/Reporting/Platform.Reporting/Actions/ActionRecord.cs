namespace Platform.Reporting.Actions;

/// <summary>A climate action's current state, from its commitment and status changes.</summary>
public sealed class ActionRecord
{
    public required Guid ActionId { get; init; }

    public Guid? ExperienceId { get; set; }

    public Guid? PartnerId { get; set; }

    /// <summary>Null until the ActionCommitted arrives (a status change may come first).</summary>
    public string? Title { get; set; }

    public required string Theme { get; set; }

    public required string Status { get; set; }

    public required DateOnly DueOn { get; set; }

    public string? OwnerProfessionalId { get; set; }

    /// <summary>When the applied status was set; an older change arriving later is ignored.</summary>
    public required DateTimeOffset StatusChangedAt { get; set; }

    /// <summary>The day the action was committed; null until the ActionCommitted arrives.</summary>
    public DateOnly? CommittedOn { get; set; }

    /// <summary>The day it counts as completed: of the transition into Done its Done rests on; null while not Done or while that transition is not in yet.</summary>
    public DateOnly? CompletedOn { get; set; }
}
