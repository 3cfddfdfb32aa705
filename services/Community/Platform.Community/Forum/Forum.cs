namespace Platform.Community.Forum;

public enum SpaceKind
{
    Public,
    Experience,
    Group,
}

/// <summary>A place in the forum: the public one, an experience's, or a group's.</summary>
public sealed class Space
{
    /// <summary>The public space, there from the first migration.</summary>
    public static readonly Guid PublicId = new("00000000-0000-7000-8000-000000000001");

    public required Guid Id { get; init; }

    public required SpaceKind Kind { get; init; }

    public required string Name { get; init; }

    public Guid? ExperienceId { get; init; }

    public Guid? GroupId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public static Space ForExperience(Guid experienceId, string title, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), Kind = SpaceKind.Experience, Name = title, ExperienceId = experienceId, CreatedAt = now };

    public static Space ForGroup(Guid groupId, string name, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), Kind = SpaceKind.Group, Name = name, GroupId = groupId, CreatedAt = now };
}

/// <summary>A conversation in a space; its opening post is the first of its posts.</summary>
public sealed class ForumThread
{
    public required Guid Id { get; init; }

    public required Guid SpaceId { get; init; }

    public required string Title { get; set; }

    public required Guid AuthorMemberId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset LastPostAt { get; set; }

    public int ReplyCount { get; set; }

    /// <summary>Its opening post was hidden by a moderator.</summary>
    public bool Hidden { get; set; }
}

/// <summary>A post in a thread, in markdown as written.</summary>
public sealed class ForumPost
{
    public const string ErasedText = "[removed: the author's data was erased]";

    public required Guid Id { get; init; }

    public required Guid ThreadId { get; init; }

    public required Guid AuthorMemberId { get; init; }

    public required string Body { get; set; }

    public required bool Opening { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? EditedAt { get; private set; }

    public DateTimeOffset? HiddenAt { get; private set; }

    public string HiddenReason { get; private set; } = string.Empty;

    public string HiddenBy { get; private set; } = string.Empty;

    /// <summary>Optimistic concurrency: every change increments it.</summary>
    public int Version { get; set; } = 1;

    public void Edit(string body, DateTimeOffset now)
    {
        Body = body;
        EditedAt = now;
        Version++;
    }

    public void Hide(string reason, string moderator, DateTimeOffset now)
    {
        HiddenAt = now;
        HiddenReason = reason;
        HiddenBy = moderator;
        Version++;
    }
}
