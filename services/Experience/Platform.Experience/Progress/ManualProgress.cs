using Platform.Experience.Formats;

namespace Platform.Experience.Progress;

/// <summary>
/// An experience's way through the phases and steps of its format version, as recorded so far:
/// which steps are open, which must be skipped to reach a step, which phases a record completes.
/// </summary>
public sealed class ManualProgress(IReadOnlyList<PhaseDefinition> phases, IReadOnlyCollection<StepRecord> records)
{
    public IReadOnlyList<PhaseDefinition> Phases => phases;

    /// <summary>Every step in the manual's order.</summary>
    public IEnumerable<StepPosition> Steps =>
        phases.SelectMany((phase, p) => phase.Steps.Select((_, s) => new StepPosition(p + 1, s + 1)));

    public bool Contains(StepPosition step) =>
        step.Phase >= 1 && step.Phase <= phases.Count && step.Step >= 1 && step.Step <= phases[step.Phase - 1].Steps.Count;

    public StepRecord? RecordOf(StepPosition step) =>
        records.FirstOrDefault(r => r.PhaseNumber == step.Phase && r.StepNumber == step.Step);

    public IEnumerable<StepPosition> Open => Steps.Where(s => RecordOf(s) is null);

    /// <summary>The open steps that come before <paramref name="step"/>: skipped if it is done now.</summary>
    public IReadOnlyList<StepPosition> OpenBefore(StepPosition step) =>
        Open.TakeWhile(s => s != step).ToList();

    public bool IsPhaseComplete(int phase) =>
        Enumerable.Range(1, phases[phase - 1].Steps.Count).All(s => RecordOf(new StepPosition(phase, s)) is not null);

    public string NameOf(StepPosition step) => phases[step.Phase - 1].Steps[step.Step - 1].Name;

    /// <summary>"'Intake' (Diagnosis)": how a step is named in messages.</summary>
    public string Describe(StepPosition step) => $"'{NameOf(step)}' ({phases[step.Phase - 1].Name})";

    /// <summary>The same route with <paramref name="added"/> recorded too.</summary>
    public ManualProgress With(IEnumerable<StepRecord> added) => new(phases, [.. records, .. added]);
}
