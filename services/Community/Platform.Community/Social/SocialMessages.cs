using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community.Social;

/// <summary>Between the contract's social post messages and the domain.</summary>
public static class SocialMessages
{
    /// <summary>LinkedIn's limit for a post's commentary.</summary>
    public const int TextLimit = 3000;
    public const int LinkLimit = 500;

    public static void Text(Validation validation, string text, string linkUrl)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Required("text", text).MaxLength("text", text, TextLimit).MaxLength("link_url", linkUrl, LinkLimit);
        if (!string.IsNullOrEmpty(linkUrl) && !(Uri.TryCreate(linkUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            validation.Add("link_url", "must be an absolute http or https address");
        }
    }

    public static SocialPostStatus? ToStatus(Proto.SocialPostStatus status) =>
        status == Proto.SocialPostStatus.Unspecified ? null : (SocialPostStatus)((int)status - 1);

    public static Proto.SocialPost ToProto(SocialPost post)
    {
        ArgumentNullException.ThrowIfNull(post);
        return new Proto.SocialPost
        {
            Id = post.Id.ToString(),
            Channel = post.Channel,
            Text = post.Text,
            NewsItemId = Fields.Format(post.NewsItemId),
            LinkUrl = post.LinkUrl,
            Status = (Proto.SocialPostStatus)((int)post.Status + 1),
            PublishAt = Times.Of(post.PublishAt),
            ApprovedBy = post.ApprovedBy,
            ApprovedAt = Times.Of(post.ApprovedAt),
            Attempts = post.Attempts,
            DeliveryNote = post.DeliveryNote,
            FailureReason = post.FailureReason,
            PublishedAt = Times.Of(post.PublishedAt),
            ExternalId = post.ExternalId,
            Url = post.Url,
            CreatedAt = Timestamp.FromDateTimeOffset(post.CreatedAt),
            Version = post.Version,
        };
    }
}
