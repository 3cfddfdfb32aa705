using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community.Forum;

/// <summary>Between the contract's forum messages and the domain.</summary>
public static class ForumMessages
{
    public const int TitleLimit = 200;
    public const int BodyLimit = 20_000;
    public const int ReasonLimit = 1000;

    public static SpaceKind? ToKind(Proto.SpaceKind kind) =>
        kind == Proto.SpaceKind.Unspecified ? null : (SpaceKind)((int)kind - 1);

    public static Proto.Space ToProto(Space space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return new Proto.Space
        {
            Id = space.Id.ToString(),
            Kind = (Proto.SpaceKind)((int)space.Kind + 1),
            Name = space.Name,
            ExperienceId = Fields.Format(space.ExperienceId),
            GroupId = Fields.Format(space.GroupId),
            CreatedAt = Timestamp.FromDateTimeOffset(space.CreatedAt),
        };
    }

    /// <summary>The thread with its opening post, whose body a moderator who asks sees even when hidden.</summary>
    public static Proto.Thread ToProto(ForumThread thread, ForumPost opening, string authorName, bool includeHidden)
    {
        ArgumentNullException.ThrowIfNull(thread);
        return new Proto.Thread
        {
            Id = thread.Id.ToString(),
            SpaceId = thread.SpaceId.ToString(),
            Title = thread.Title,
            AuthorMemberId = thread.AuthorMemberId.ToString(),
            AuthorName = authorName,
            StartedAt = Timestamp.FromDateTimeOffset(thread.StartedAt),
            ReplyCount = thread.ReplyCount,
            LastPostAt = Timestamp.FromDateTimeOffset(thread.LastPostAt),
            OpeningPost = ToProto(opening, authorName, includeHidden),
        };
    }

    /// <summary>A hidden post shows why, not what, unless a moderator asks for the body.</summary>
    public static Proto.Post ToProto(ForumPost post, string authorName, bool includeHidden)
    {
        ArgumentNullException.ThrowIfNull(post);
        var hidden = post.HiddenAt is not null;
        return new Proto.Post
        {
            Id = post.Id.ToString(),
            ThreadId = post.ThreadId.ToString(),
            AuthorMemberId = post.AuthorMemberId.ToString(),
            AuthorName = authorName,
            BodyMarkdown = hidden && !includeHidden ? string.Empty : post.Body,
            CreatedAt = Timestamp.FromDateTimeOffset(post.CreatedAt),
            EditedAt = Times.Of(post.EditedAt),
            Hidden = hidden,
            HiddenReason = post.HiddenReason,
            Opening = post.Opening,
            Version = post.Version,
        };
    }
}
