using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner.Organizations;

/// <summary>Between the contract's messages and the domain: validation on the way in, mapping both ways.</summary>
public static class OrganizationMessages
{
    public const int NameLimit = 200;
    public const int RegionLimit = 100;
    public const int WebsiteLimit = 500;
    public const int ReasonLimit = 1000;

    /// <summary>The organization's details, its violations added to the request's <paramref name="validation"/>; null when any.</summary>
    public static OrganizationDetails? Details(Validation validation, string name, Proto.Sector sector, string region, int employeeCount, string website)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation
            .Required("name", name).MaxLength("name", name, NameLimit)
            .MaxLength("region", region, RegionLimit)
            .MaxLength("website", website, WebsiteLimit);
        if (ToSector(sector) is null)
        {
            validation.Add("sector", "must be one of SECTOR_GOVERNMENT, SECTOR_EDUCATION, SECTOR_BUSINESS, SECTOR_NONPROFIT");
        }

        if (employeeCount < 0)
        {
            validation.Add("employee_count", "must not be negative");
        }

        if (!string.IsNullOrWhiteSpace(website) && !(Uri.TryCreate(website.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            validation.Add("website", "must be an http or https address");
        }

        return validation.IsValid ? new OrganizationDetails(name, ToSector(sector)!.Value, region, employeeCount, website) : null;
    }

    public static Sector? ToSector(Proto.Sector sector) => sector switch
    {
        Proto.Sector.Government => Sector.Government,
        Proto.Sector.Education => Sector.Education,
        Proto.Sector.Business => Sector.Business,
        Proto.Sector.Nonprofit => Sector.Nonprofit,
        _ => null,
    };

    public static Stage? ToStage(Proto.Stage stage) => stage switch
    {
        Proto.Stage.Lead => Stage.Lead,
        Proto.Stage.Contacted => Stage.Contacted,
        Proto.Stage.Proposal => Stage.Proposal,
        Proto.Stage.Partner => Stage.Partner,
        Proto.Stage.Alumni => Stage.Alumni,
        Proto.Stage.Lost => Stage.Lost,
        _ => null,
    };

    public static Proto.Stage ToProto(Stage stage) => (Proto.Stage)((int)stage + 1);

    public static Proto.Sector ToProto(Sector sector) => (Proto.Sector)((int)sector + 1);

    public static Proto.Organization ToProto(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return new Proto.Organization
        {
            Id = organization.Id.ToString(),
            Name = organization.Name,
            Sector = ToProto(organization.Sector),
            Region = organization.Region,
            EmployeeCount = organization.EmployeeCount,
            Website = organization.Website,
            Stage = ToProto(organization.Stage),
            RegisteredAt = Timestamp.FromDateTimeOffset(organization.RegisteredAt),
            PartnerSince = organization.PartnerSince is { } since ? Timestamp.FromDateTimeOffset(since) : null,
            Version = organization.Version,
        };
    }

    public static Proto.StageChange ToProto(StageChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new Proto.StageChange
        {
            FromStage = ToProto(change.FromStage),
            ToStage = ToProto(change.ToStage),
            ChangedBy = change.ChangedBy,
            ChangedAt = Timestamp.FromDateTimeOffset(change.ChangedAt),
            Reason = change.Reason ?? string.Empty,
        };
    }
}
