using Google.Protobuf.WellKnownTypes;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience.Progress;

/// <summary>Between the contract's progress messages and the domain.</summary>
public static class ProgressMessages
{
    public static Proto.Progress ToProto(Experiences.Experience experience, ManualProgress route)
    {
        ArgumentNullException.ThrowIfNull(experience);
        ArgumentNullException.ThrowIfNull(route);
        var progress = new Proto.Progress
        {
            ExperienceId = experience.Id.ToString(),
            FormatId = experience.FormatId.ToString(),
            FormatVersion = experience.FormatVersion,
        };
        for (var p = 1; p <= route.Phases.Count; p++)
        {
            var phase = new Proto.PhaseProgress { Number = p, Name = route.Phases[p - 1].Name, Completed = route.IsPhaseComplete(p) };
            for (var s = 1; s <= route.Phases[p - 1].Steps.Count; s++)
            {
                phase.Steps.Add(ToProto(route, new StepPosition(p, s)));
            }

            progress.Phases.Add(phase);
        }

        var steps = progress.Phases.SelectMany(p => p.Steps).ToList();
        progress.StepsDone = steps.Count(s => s.Status == Proto.StepStatus.Done);
        progress.StepsSkipped = steps.Count(s => s.Status == Proto.StepStatus.Skipped);
        progress.StepsOpen = steps.Count(s => s.Status == Proto.StepStatus.Open);
        if (route.Open.FirstOrDefault() is { Phase: > 0 } next)
        {
            progress.NextPhaseNumber = next.Phase;
            progress.NextStepNumber = next.Step;
        }

        return progress;
    }

    private static Proto.StepProgress ToProto(ManualProgress route, StepPosition position)
    {
        var definition = route.Phases[position.Phase - 1].Steps[position.Step - 1];
        var step = new Proto.StepProgress { Number = position.Step, Name = definition.Name, Checklist = { definition.Checklist }, Status = Proto.StepStatus.Open };
        if (route.RecordOf(position) is { } record)
        {
            step.Status = record.Outcome == StepOutcome.Done ? Proto.StepStatus.Done : Proto.StepStatus.Skipped;
            step.RecordedAt = Timestamp.FromDateTimeOffset(record.RecordedAt);
            step.RecordedBy = record.RecordedBy;
            step.SkipReason = record.SkipReason ?? string.Empty;
        }

        return step;
    }
}
