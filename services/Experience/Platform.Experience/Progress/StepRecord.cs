namespace Platform.Experience.Progress;

public enum StepOutcome
{
    Done,
    Skipped,
}

/// <summary>That one step of an experience's format was done, or skipped with a reason (a deviation from the manual).</summary>
public sealed class StepRecord
{
    private StepRecord()
    {
    }

    public Guid Id { get; private set; }

    public Guid ExperienceId { get; private set; }

    /// <summary>Position of the phase in the format version, from 1.</summary>
    public int PhaseNumber { get; private set; }

    /// <summary>Position of the step in its phase, from 1.</summary>
    public int StepNumber { get; private set; }

    public StepOutcome Outcome { get; private set; }

    /// <summary>Why the step was skipped; null when done.</summary>
    public string? SkipReason { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public string RecordedBy { get; private set; } = string.Empty;

    public static StepRecord Of(Guid experienceId, StepPosition step, string? skipReason, string recordedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ExperienceId = experienceId,
        PhaseNumber = step.Phase,
        StepNumber = step.Step,
        Outcome = skipReason is null ? StepOutcome.Done : StepOutcome.Skipped,
        SkipReason = skipReason,
        RecordedAt = now,
        RecordedBy = recordedBy,
    };
}

/// <summary>Where a step sits in a format: phase and step, both from 1.</summary>
public readonly record struct StepPosition(int Phase, int Step);
