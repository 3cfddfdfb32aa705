using Platform.Contracts.Partner.V1;

namespace Platform.Demo;

/// <summary>An organization of the demo and the stage it reaches; every one enters as a Lead.</summary>
public sealed record OrganizationPlan(string Name, Sector Sector, string Region, int Employees, string Website, Stage Stage, string ContactName, string ContactEmail, string ContactRole);

/// <summary>An expert of the pool.</summary>
public sealed record ExpertPlan(string Name, string Email, string Organization, Theme[] Themes, Sector[] Sectors, double MonthlyHours);

/// <summary>An expert coaching a partner: planned hours over months, hours logged, completed or running.</summary>
public sealed record EngagementPlan(string ExpertEmail, string Partner, string Scope, double PlannedHours, int Months, double LoggedHours, bool Completed);

/// <summary>A call or meeting of the community manager, with a follow-up this many days ahead (none when null).</summary>
public sealed record InteractionPlan(string Organization, InteractionKind Kind, string Summary, int DaysAgo, int? FollowUpInDays, bool FollowUpDone);

/// <summary>The network: partners in every sector, leads at each stage, experts, engagements, interactions.</summary>
public static class DemoNetwork
{
    public const string Municipality = "Gemeente Utrecht";
    public const string University = "Hogeschool Utrecht";
    public const string Company = "Van Dijk Bouw BV";
    public const string Ministry = "Ministerie van Infrastructuur en Waterstaat";

    public const string CoachEmail = "anna.devries@ecolife.example.nl";
    public const string MobilityExpertEmail = "mark.jansen@mobiliteit.example.nl";
    public const string IntrapreneurCoachEmail = "sara.bakker@samenzweerders.example.nl";
    public const string TrainerEmail = "pieter.smit@leerkracht.example.nl";

    public static IReadOnlyList<OrganizationPlan> Organizations { get; } =
    [
        new(Municipality, Sector.Government, "Utrecht", 4500, "https://www.utrecht.nl", Stage.Partner, "Marleen Kok", "m.kok@utrecht.example.nl", "Sustainability coordinator"),
        new(University, Sector.Education, "Utrecht", 3800, "https://www.hu.nl", Stage.Partner, "Joost Dekker", "j.dekker@hu.example.nl", "Lecturer climate transition"),
        new(Company, Sector.Business, "Amersfoort", 650, "https://vandijkbouw.example.nl", Stage.Partner, "Ilse van Dam", "ilse@vandijkbouw.example.nl", "CSR manager"),
        new(Ministry, Sector.Government, "Den Haag", 12000, "https://www.rijksoverheid.nl", Stage.Partner, "Karim El Amrani", "k.elamrani@minienw.example.nl", "Programme director"),
        new("Gemeente Amersfoort", Sector.Government, "Amersfoort", 1400, "https://www.amersfoort.nl", Stage.Lead, "Petra Schouten", "p.schouten@amersfoort.example.nl", "Policy adviser"),
        new("Hogeschool Rotterdam", Sector.Education, "Rotterdam", 3500, "https://www.hogeschoolrotterdam.nl", Stage.Contacted, "Wouter Blom", "w.blom@hr.example.nl", "Dean"),
        new("Stichting Groene Zorg", Sector.Nonprofit, "Zwolle", 300, "https://groenezorg.example.nl", Stage.Proposal, "Hatice Yilmaz", "h.yilmaz@groenezorg.example.nl", "Director"),
        new("Provincie Gelderland", Sector.Government, "Arnhem", 1800, "https://www.gelderland.nl", Stage.Alumni, "Gerrit Mol", "g.mol@gelderland.example.nl", "Programme manager"),
        new("Transportbedrijf Noord", Sector.Business, "Groningen", 220, "https://tbnoord.example.nl", Stage.Lost, "Erik Post", "erik@tbnoord.example.nl", "Owner"),
    ];

    public static IReadOnlyList<ExpertPlan> Experts { get; } =
    [
        new("Anna de Vries", CoachEmail, "Ecolife", [Theme.EnergyWater, Theme.Waste, Theme.PaperPurchasing, Theme.Mobility], [Sector.Government], 40),
        new("Mark Jansen", MobilityExpertEmail, "Mobiliteitsbureau Oost", [Theme.Mobility], [Sector.Business, Sector.Government], 24),
        new("Sara Bakker", IntrapreneurCoachEmail, "De Nieuwe Samenzweerders", [Theme.Other], [Sector.Business, Sector.Government, Sector.Education], 32),
        new("Pieter Smit", TrainerEmail, string.Empty, [Theme.Other, Theme.EnergyWater], [Sector.Government], 16),
    ];

    public static IReadOnlyList<EngagementPlan> Engagements { get; } =
    [
        new(CoachEmail, Municipality, "Coaching the climate team through the four phases", 40, 4, 12, Completed: false),
        new(MobilityExpertEmail, Company, "Mobility scan of the head office", 10, 1, 7.5, Completed: true),
        new(IntrapreneurCoachEmail, Ministry, "Personal coaching of the intrapreneurs", 48, 6, 6, Completed: false),
    ];

    public static IReadOnlyList<InteractionPlan> Interactions { get; } =
    [
        new(Municipality, InteractionKind.Meeting, "Kick-off of the climate team with the coach", 90, null, false),
        new(Municipality, InteractionKind.Call, "Evaluated workshop 3; plan the anchoring session", 6, 7, false),
        new(Company, InteractionKind.Email, "Sent the mobility scan report", 20, 0, false),
        new(Ministry, InteractionKind.Meeting, "Intrapreneur programme: selection of the 8 participants", 160, 30, true),
        new("Gemeente Amersfoort", InteractionKind.Event, "Met at the Movietime screening in Utrecht", 3, 4, false),
        new("Hogeschool Rotterdam", InteractionKind.Call, "Introduced the network to the dean", 12, -2, false),
        new("Stichting Groene Zorg", InteractionKind.Meeting, "Presented the partnership proposal", 5, 10, false),
    ];

    /// <summary>The pipeline moves to a stage, in order.</summary>
    public static IReadOnlyList<Stage> PathTo(Stage stage) => stage switch
    {
        Stage.Lead => [],
        Stage.Contacted => [Stage.Contacted],
        Stage.Proposal => [Stage.Contacted, Stage.Proposal],
        Stage.Partner => [Stage.Contacted, Stage.Proposal, Stage.Partner],
        Stage.Alumni => [Stage.Contacted, Stage.Proposal, Stage.Partner, Stage.Alumni],
        Stage.Lost => [Stage.Contacted, Stage.Lost],
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
