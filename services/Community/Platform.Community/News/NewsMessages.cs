using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community.News;

/// <summary>Between the contract's news messages and the domain.</summary>
public static class NewsMessages
{
    public const int TitleLimit = 200;
    public const int SummaryLimit = 1000;
    public const int BodyLimit = 100_000;
    public const int ReasonLimit = 1000;
    public const int PartnerLimit = 20;

    public static NewsContent Content(Validation validation, string title, string summary, string body, IEnumerable<string> tags, string experienceId, IReadOnlyList<string> partnerIds)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Required("title", title).MaxLength("title", title, TitleLimit)
            .MaxLength("summary", summary, SummaryLimit)
            .Required("body_markdown", body).MaxLength("body_markdown", body, BodyLimit);
        var labels = Labels.Read(validation, "tags", tags);
        var experience = Fields.OptionalId(validation, "experience_id", experienceId);
        var partners = Fields.DistinctIds(validation, "partner_ids", partnerIds, PartnerLimit, "partners");

        return new NewsContent(title, summary, body, labels, experience, partners);
    }

    public static NewsStatus? ToStatus(Proto.NewsStatus status) =>
        status == Proto.NewsStatus.Unspecified ? null : (NewsStatus)((int)status - 1);

    public static Proto.NewsItem ToProto(NewsItem item, NewsOptions options)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(options);
        return new Proto.NewsItem
        {
            Id = item.Id.ToString(),
            Title = item.Title,
            Summary = item.Summary,
            BodyMarkdown = item.Body,
            Tags = { item.Tags },
            ExperienceId = Fields.Format(item.ExperienceId),
            PartnerIds = { item.PartnerIds.Select(p => p.ToString()) },
            Status = (Proto.NewsStatus)((int)item.Status + 1),
            PublishAt = Times.Of(item.PublishAt),
            PublishedAt = Times.Of(item.PublishedAt),
            RetractedAt = Times.Of(item.RetractedAt),
            RetractionReason = item.RetractionReason,
            Url = options.UrlOf(item.Id).AbsoluteUri,
            CreatedBy = item.CreatedBy,
            CreatedAt = Timestamp.FromDateTimeOffset(item.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(item.UpdatedAt),
            Version = item.Version,
        };
    }
}
