namespace Platform.Reporting.Ingest;

/// <summary>
/// Every event Reporting took in, in the order it took them: the source a rebuild replays. Personal
/// fields are blanked on erasure, the professional id replaced by the pseudonym.
/// </summary>
public sealed class JournalEntry
{
    public long Sequence { get; init; }

    public required Guid EventId { get; init; }

    /// <summary>The contract's type name, e.g. <c>ParticipantAttended</c>.</summary>
    public required string Type { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The event as JSON (the contract's camelCase).</summary>
    public required string Body { get; set; }

    /// <summary>The professional the event names, so erasure finds their entries by index; null when none.</summary>
    public string? ProfessionalId { get; set; }
}

/// <summary>
/// An additive counter: one metric, optionally split by a dimension (channel, theme, ...), per day.
/// Each is kept in a few stripes so concurrent consumers rarely wait on the same row; readers sum them.
/// </summary>
public sealed class Figure
{
    public required string Metric { get; init; }

    public required string Dimension { get; init; }

    public required DateOnly Day { get; init; }

    public required short Stripe { get; init; }

    public required decimal Value { get; set; }
}
