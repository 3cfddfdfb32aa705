namespace Platform.Experience.Formats;

public enum ExperienceKind
{
    Screening,
    RoundTable,
    Webinar,
    Event,
    Trajectory,
    Programme,
}

/// <summary>One step of a phase, with the checklist that says it was done as the manual intends.</summary>
public sealed record StepDefinition(string Name, IReadOnlyList<string> Checklist);

/// <summary>A phase of a format: its ordered steps.</summary>
public sealed record PhaseDefinition(string Name, IReadOnlyList<StepDefinition> Steps);

/// <summary>What the Experience Manual says about one kind of Experience, validated.</summary>
public sealed record FormatDefinition(
    string Name,
    ExperienceKind Kind,
    string Description,
    IReadOnlyList<PhaseDefinition> Phases,
    int DefaultSessionCount,
    int DefaultCapacity,
    TimeSpan TypicalDuration);

/// <summary>
/// One version of a format of the Experience Manual. A revision adds the next version; an
/// Experience keeps the version it was created from, so deviations can be told from revisions.
/// </summary>
public sealed class FormatVersion
{
    private FormatVersion()
    {
    }

    /// <summary>The format, the same for all its versions.</summary>
    public Guid FormatId { get; private set; }

    public int Version { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>The name trimmed and lower-cased: one format per name.</summary>
    public string NameKey { get; private set; } = string.Empty;

    public ExperienceKind Kind { get; private set; }

    public string Description { get; private set; } = string.Empty;

    public List<PhaseDefinition> Phases { get; private set; } = [];

    public int DefaultSessionCount { get; private set; }

    public int DefaultCapacity { get; private set; }

    public TimeSpan TypicalDuration { get; private set; }

    public DateTimeOffset RevisedAt { get; private set; }

    public string RevisedBy { get; private set; } = string.Empty;

    /// <summary>Whether professionals register for the whole series rather than per session.</summary>
    public bool RegistersForSeries => Kind is ExperienceKind.Trajectory or ExperienceKind.Programme;

    public static FormatVersion First(Guid formatId, FormatDefinition definition, string revisedBy, DateTimeOffset now) =>
        Of(formatId, 1, definition, revisedBy, now);

    public FormatVersion Revise(FormatDefinition definition, string revisedBy, DateTimeOffset now) =>
        Of(FormatId, Version + 1, definition, revisedBy, now);

    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();

    private static FormatVersion Of(Guid formatId, int version, FormatDefinition definition, string revisedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new FormatVersion
        {
            FormatId = formatId,
            Version = version,
            Name = definition.Name.Trim(),
            NameKey = KeyOf(definition.Name),
            Kind = definition.Kind,
            Description = definition.Description.Trim(),
            Phases = [.. definition.Phases],
            DefaultSessionCount = definition.DefaultSessionCount,
            DefaultCapacity = definition.DefaultCapacity,
            TypicalDuration = definition.TypicalDuration,
            RevisedAt = now,
            RevisedBy = revisedBy,
        };
    }
}
