using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience.Formats;

/// <summary>Between the contract's format messages and the Manual's domain.</summary>
public static class FormatMessages
{
    public const int NameLimit = 200;
    public const int DescriptionLimit = 4000;
    public const int PhaseLimit = 20;
    public const int StepLimit = 50;
    public const int ChecklistLimit = 50;
    public const int SessionCountLimit = 100;
    public const int CapacityLimit = 100_000;

    public static FormatDefinition Definition(Validation validation, Proto.FormatDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (definition is null)
        {
            validation.Add("definition", "is required");
            return null!;
        }

        validation.Required("definition.name", definition.Name).MaxLength("definition.name", definition.Name, NameLimit)
            .MaxLength("definition.description", definition.Description, DescriptionLimit);
        var kind = ToKind(definition.Kind);
        if (kind is null)
        {
            validation.Add("definition.kind", "must be one of EXPERIENCE_KIND_SCREENING, _ROUND_TABLE, _WEBINAR, _EVENT, _TRAJECTORY, _PROGRAMME");
        }

        if (definition.Phases.Count is 0 or > PhaseLimit)
        {
            validation.Add("definition.phases", $"must hold 1 to {PhaseLimit} phases");
        }

        for (var p = 0; p < definition.Phases.Count && p < PhaseLimit; p++)
        {
            var phase = definition.Phases[p];
            var at = $"definition.phases[{p}]";
            validation.Required(at + ".name", phase.Name).MaxLength(at + ".name", phase.Name, NameLimit);
            if (phase.Steps.Count is 0 or > StepLimit)
            {
                validation.Add(at + ".steps", $"must hold 1 to {StepLimit} steps");
            }

            for (var s = 0; s < phase.Steps.Count && s < StepLimit; s++)
            {
                var step = phase.Steps[s];
                validation.Required($"{at}.steps[{s}].name", step.Name).MaxLength($"{at}.steps[{s}].name", step.Name, NameLimit);
                if (step.Checklist.Count > ChecklistLimit || step.Checklist.Any(item => string.IsNullOrWhiteSpace(item) || item.Length > NameLimit))
                {
                    validation.Add($"{at}.steps[{s}].checklist", $"must hold at most {ChecklistLimit} items of 1 to {NameLimit} characters");
                }
            }
        }

        if (definition.DefaultSessionCount is < 1 or > SessionCountLimit)
        {
            validation.Add("definition.default_session_count", $"must be between 1 and {SessionCountLimit}");
        }

        if (definition.DefaultCapacity is < 1 or > CapacityLimit)
        {
            validation.Add("definition.default_capacity", $"must be between 1 and {CapacityLimit}");
        }

        var duration = Fields.OptionalDuration(validation, "definition.typical_duration", definition.TypicalDuration);
        if (definition.TypicalDuration is null || duration is { } length && (length <= TimeSpan.Zero || length > TimeSpan.FromDays(3 * 365)))
        {
            validation.Add("definition.typical_duration", "must be more than 0 and at most 3 years");
        }

        if (!validation.IsValid)
        {
            return null!;
        }

        return new FormatDefinition(
            definition.Name,
            kind!.Value,
            definition.Description,
            [.. definition.Phases.Select(p => new PhaseDefinition(p.Name.Trim(), [.. p.Steps.Select(s => new StepDefinition(s.Name.Trim(), [.. s.Checklist.Select(c => c.Trim())]))]))],
            definition.DefaultSessionCount,
            definition.DefaultCapacity,
            duration!.Value);
    }

    public static ExperienceKind? ToKind(Proto.ExperienceKind kind) => kind switch
    {
        Proto.ExperienceKind.Screening => ExperienceKind.Screening,
        Proto.ExperienceKind.RoundTable => ExperienceKind.RoundTable,
        Proto.ExperienceKind.Webinar => ExperienceKind.Webinar,
        Proto.ExperienceKind.Event => ExperienceKind.Event,
        Proto.ExperienceKind.Trajectory => ExperienceKind.Trajectory,
        Proto.ExperienceKind.Programme => ExperienceKind.Programme,
        _ => null,
    };

    public static Proto.ExperienceKind ToProto(ExperienceKind kind) => (Proto.ExperienceKind)((int)kind + 1);

    public static Proto.Format ToProto(FormatVersion format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var message = new Proto.Format
        {
            Id = format.FormatId.ToString(),
            Version = format.Version,
            Name = format.Name,
            Kind = ToProto(format.Kind),
            Description = format.Description,
            DefaultSessionCount = format.DefaultSessionCount,
            DefaultCapacity = format.DefaultCapacity,
            TypicalDuration = Duration.FromTimeSpan(format.TypicalDuration),
            RevisedAt = Timestamp.FromDateTimeOffset(format.RevisedAt),
            RevisedBy = format.RevisedBy,
        };
        foreach (var phase in format.Phases)
        {
            var p = new Proto.Phase { Name = phase.Name };
            foreach (var step in phase.Steps)
            {
                var s = new Proto.Step { Name = step.Name };
                s.Checklist.AddRange(step.Checklist);
                p.Steps.Add(s);
            }

            message.Phases.Add(p);
        }

        return message;
    }
}
