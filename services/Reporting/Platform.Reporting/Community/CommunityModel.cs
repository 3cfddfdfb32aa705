namespace Platform.Reporting.Community;

/// <summary>A community member; after erasure only the fact that they joined remains.</summary>
public sealed class MemberRecord
{
    public static readonly DateOnly JoinedUnknown = DateOnly.MinValue;

    public required Guid MemberId { get; init; }

    /// <summary>Null after erasure.</summary>
    public string? ProfessionalId { get; set; }

    /// <summary>The day they joined; <see cref="JoinedUnknown"/> for a member erased before their joining was taken in.</summary>
    public required DateOnly JoinedOn { get; set; }

    public DateTimeOffset? ErasedAt { get; set; }
}

/// <summary>A member who started a thread or posted on a day: active forum members are counted from it.</summary>
public sealed class ForumActivity
{
    public required Guid MemberId { get; set; }

    public required DateOnly Day { get; init; }
}
