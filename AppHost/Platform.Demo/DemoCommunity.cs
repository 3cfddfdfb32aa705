namespace Platform.Demo;

/// <summary>A member who signs up on the website (not through a registration).</summary>
public sealed record SignUpPlan(string FullName, string Email, string Organization, string Role);

/// <summary>A news item, published, about an experience of the demo (by title) when set.</summary>
public sealed record NewsPlan(string Title, string Summary, string Body, string[] Tags, string? Experience);

/// <summary>A forum thread in the public space and the replies to it, by the members' e-mails.</summary>
public sealed record ThreadPlan(string Title, string AuthorEmail, string Body, IReadOnlyList<(string AuthorEmail, string Body)> Replies);

/// <summary>The community manager's content: members who signed up, news, LinkedIn posts, forum threads.</summary>
public static class DemoCommunity
{
    public const string ManagerEmail = "lisa.vermeer@100mtc.example.nl";

    /// <summary>Each intervision group's facilitator opens one thread in the group's space, and one member replies.</summary>
    public const string GroupThreadTitle = "Our learning questions";

    public static IReadOnlyList<SignUpPlan> SignUps { get; } =
    [
        new("Lisa Vermeer", ManagerEmail, "100 Months to Change", "Community manager"),
        new("Ahmed Benali", "ahmed.benali@pioneer.example.nl", "Gemeente Nieuwegein", "Energy coordinator"),
        new("Femke de Wit", "femke.dewit@pioneer.example.nl", "Rabo Utrecht", "Sustainability lead"),
        new("Joris Kramer", "joris.kramer@pioneer.example.nl", "Hogeschool Utrecht", "Student"),
    ];

    public static IReadOnlyList<NewsPlan> News { get; } =
    [
        new("Beyond Zero: a full house in Tivoli", "Hundreds of professionals watched Beyond Zero together and talked about their dream and their challenge.", "Where is your dream, where is your challenge? After the film about Interface, every table found its own answer.", ["Vision first"], DemoExperiences.Screening),
        new("LEF-talk: the mobility transition at work", "Pioneers shared practical handles for fewer car kilometres.", "Three speakers, one question: what makes colleagues leave the car at home?", ["Accelerate"], DemoExperiences.Webinar),
        new("Utrecht's climate team keeps going", "After four workshops the team anchors its action list.", "Diagnosis, planning, action and anchoring: the climate team of Gemeente Utrecht tells how it continues.", ["Persevere"], DemoExperiences.ClimateTeam),
    ];

    public static IReadOnlyList<string> LinkedInPosts { get; } =
    [
        "Hundreds of professionals, one film: Beyond Zero in Tivoli. Where is your dream? #100MonthsToChange",
        "The climate team of Gemeente Utrecht finished its four workshops. Next: anchoring. #klimaatteam",
    ];

    public static IReadOnlyList<ThreadPlan> Threads { get; } =
    [
        new("Bike lease: who has experience?", "ahmed.benali@pioneer.example.nl", "We want to offer bike lease to our employees. What worked for you?",
            [("femke.dewit@pioneer.example.nl", "We started with e-bikes for the people living 10-20 km away."), (ManagerEmail, "Gemeente Utrecht has it on its action list too; I'll connect you.")]),
        new("Beyond Zero: what was your dream?", ManagerEmail, "Share the dream you wrote on your card after the screening.",
            [("joris.kramer@pioneer.example.nl", "A campus without a single waste bin that goes to the incinerator.")]),
    ];
}
