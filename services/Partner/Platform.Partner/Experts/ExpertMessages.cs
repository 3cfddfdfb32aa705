using Google.Protobuf.WellKnownTypes;
using Platform.Partner.Organizations;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner.Experts;

/// <summary>Between the contract's expert messages and the domain.</summary>
public static class ExpertMessages
{
    public const int NameLimit = 200;
    public const int EmailLimit = 254;
    public const int ListLimit = 10;
    public const double CapacityLimit = 200;
    public const int DefaultMatches = 20;

    public static ExpertProfile Profile(Proto.RegisterExpertRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation()
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("name", request.Name).MaxLength("name", request.Name, NameLimit)
            .Required("email", request.Email).MaxLength("email", request.Email, EmailLimit).Email("email", request.Email.Trim())
            .MaxLength("organization_name", request.OrganizationName, NameLimit);
        Listed(validation, "themes", request.Themes, t => ToTheme(t) is not null);
        Listed(validation, "sectors", request.Sectors, s => OrganizationMessages.ToSector(s) is not null);
        Listed(validation, "languages", request.Languages, IsLanguage);
        if (!double.IsFinite(request.MonthlyCapacityHours) || request.MonthlyCapacityHours <= 0 || request.MonthlyCapacityHours > CapacityLimit)
        {
            validation.Add("monthly_capacity_hours", $"must be more than 0 and at most {CapacityLimit}");
        }

        validation.ThrowIfInvalid();
        return new ExpertProfile(
            request.Name,
            request.Email,
            request.OrganizationName,
            [.. request.Themes.Select(t => ToTheme(t)!.Value)],
            [.. request.Sectors.Select(s => OrganizationMessages.ToSector(s)!.Value)],
            [.. request.Languages],
            request.MonthlyCapacityHours);
    }

    /// <summary>An ISO 639-1 code: two letters.</summary>
    public static bool IsLanguage(string value) =>
        value is not null && value.Trim() is { Length: 2 } code && code.All(char.IsAsciiLetter);

    public static Theme? ToTheme(Proto.Theme theme) => theme switch
    {
        Proto.Theme.EnergyWater => Theme.EnergyWater,
        Proto.Theme.Waste => Theme.Waste,
        Proto.Theme.PaperPurchasing => Theme.PaperPurchasing,
        Proto.Theme.Mobility => Theme.Mobility,
        Proto.Theme.Other => Theme.Other,
        _ => null,
    };

    public static Proto.Theme ToProto(Theme theme) => (Proto.Theme)((int)theme + 1);

    public static Proto.Expert ToProto(Expert expert)
    {
        ArgumentNullException.ThrowIfNull(expert);
        var message = new Proto.Expert
        {
            Id = expert.Id.ToString(),
            Name = expert.Name,
            Email = expert.Email,
            OrganizationName = expert.OrganizationName,
            MonthlyCapacityHours = expert.MonthlyCapacityHours,
            Active = expert.Active,
            RegisteredAt = Timestamp.FromDateTimeOffset(expert.RegisteredAt),
            DeactivatedAt = expert.DeactivatedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            DeactivationReason = expert.DeactivationReason ?? string.Empty,
        };
        message.Themes.AddRange(expert.Themes.Select(t => ToProto(System.Enum.Parse<Theme>(t))));
        message.Sectors.AddRange(expert.Sectors.Select(s => OrganizationMessages.ToProto(System.Enum.Parse<Sector>(s))));
        message.Languages.AddRange(expert.Languages);
        return message;
    }

    /// <summary>A list of at least one and at most <see cref="ListLimit"/> known values, each unknown one named by its index.</summary>
    private static void Listed<TItem>(Validation validation, string field, IList<TItem> items, Func<TItem, bool> isKnown)
    {
        if (items.Count == 0)
        {
            validation.Add(field, "must name at least one");
        }
        else if (items.Count > ListLimit)
        {
            validation.Add(field, $"must name at most {ListLimit} (names {items.Count})");
        }

        for (var i = 0; i < items.Count && i < ListLimit; i++)
        {
            if (!isKnown(items[i]))
            {
                validation.Add($"{field}[{i}]", "is not a known value");
            }
        }
    }
}
