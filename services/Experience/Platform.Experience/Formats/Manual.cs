namespace Platform.Experience.Formats;

/// <summary>
/// The six formats the Experience Manual ships with (DOMAIN.md), as version 1. Their ids are
/// fixed so every installation, the demo seeder and the tests name them alike.
/// </summary>
public static class Manual
{
    public static readonly Guid MovietimeScreening = new("6d6f7669-6574-4000-8000-000000000001");
    public static readonly Guid RoundTable = new("6d6f7669-6574-4000-8000-000000000002");
    public static readonly Guid LefTalksWebinar = new("6d6f7669-6574-4000-8000-000000000003");
    public static readonly Guid ClimateTeamTrajectory = new("6d6f7669-6574-4000-8000-000000000004");
    public static readonly Guid IntrapreneurProgramme = new("6d6f7669-6574-4000-8000-000000000005");
    public static readonly Guid DevelopmentTrajectory = new("6d6f7669-6574-4000-8000-000000000006");

    public static IReadOnlyList<(Guid Id, FormatDefinition Definition)> Formats { get; } =
    [
        (MovietimeScreening, new FormatDefinition(
            "Movietime screening",
            ExperienceKind.Screening,
            "A film such as Beyond Zero watched together by hundreds of professionals, followed by conversations: where is your dream, where is your challenge?",
            [
                Phase("Preparation", Step("Choose film and venue", "Screening licence arranged", "Venue booked with enough seats"), Step("Invite", "Host partners invite their staff", "Registration opened")),
                Phase("Screening", Step("Welcome", "Check-in at the door"), Step("Film"), Step("Conversations", "Tables with a facilitator", "Dream and challenge cards")),
                Phase("Follow-up", Step("Collect feedback", "Feedback form sent"), Step("Commitments", "Actions recorded")),
            ],
            DefaultSessionCount: 1,
            DefaultCapacity: 300,
            TypicalDuration: TimeSpan.FromHours(3))),
        (RoundTable, new FormatDefinition(
            "Round table",
            ExperienceKind.RoundTable,
            "A small, facilitated conversation, for example civil servants mapping their ecosystem.",
            [
                Phase("Preparation", Step("Invite participants", "Mix of roles", "Question of the day shared")),
                Phase("Conversation", Step("Round of introductions"), Step("Mapping", "Ecosystem map drawn"), Step("Next steps", "Actions recorded")),
            ],
            DefaultSessionCount: 1,
            DefaultCapacity: 12,
            TypicalDuration: TimeSpan.FromHours(2))),
        (LefTalksWebinar, new FormatDefinition(
            "LEF-talks webinar",
            ExperienceKind.Webinar,
            "Online, about 200 participants: stories of pioneers and practical handles.",
            [
                Phase("Preparation", Step("Speakers", "Speakers briefed", "Slides received"), Step("Registration", "Online link sent")),
                Phase("Webinar", Step("Stories"), Step("Practical handles"), Step("Questions")),
                Phase("Follow-up", Step("Recording shared"), Step("Feedback", "Feedback form sent")),
            ],
            DefaultSessionCount: 1,
            DefaultCapacity: 250,
            TypicalDuration: TimeSpan.FromMinutes(90))),
        (ClimateTeamTrajectory, new FormatDefinition(
            "Climate-team trajectory",
            ExperienceKind.Trajectory,
            "A coached 6-12 month trajectory for a municipality's climate team: train the trainer, four workshops, an action list across the themes energy & water, waste, paper & purchasing and mobility.",
            [
                Phase("Diagnosis", Step("Workshop 1: detect challenges", "Sustainability challenges listed", "Impacts and bottlenecks named"), Step("Meeting report", "Report written by the coach")),
                Phase("Planning", Step("Workshop 2: prioritise", "Short-term actions chosen", "Long-term actions chosen", "Behaviour, infrastructure and organisation covered"), Step("Action list", "Each action has an owner and a deadline")),
                Phase("Action", Step("Workshop 3: act", "Colleagues engaged in concrete actions"), Step("Progress review", "Action list statuses updated")),
                Phase("Anchoring", Step("Workshop 4: continue", "How the team continues is agreed", "Further support needed is named"), Step("Final report", "Results reported")),
            ],
            DefaultSessionCount: 4,
            DefaultCapacity: 15,
            TypicalDuration: TimeSpan.FromDays(270))),
        (IntrapreneurProgramme, new FormatDefinition(
            "Intrapreneur programme",
            ExperienceKind.Programme,
            "One year of theory and personal coaching for employees who change their organisation from the inside: joint sessions, company visits, events.",
            [
                Phase("Start", Step("Intake", "Personal ambition written down"), Step("Kick-off session")),
                Phase("Learning", Step("Joint sessions"), Step("Personal coaching", "Coach assigned"), Step("Company visits")),
                Phase("Impact", Step("Events"), Step("Closing", "Each intrapreneur presents their change")),
            ],
            DefaultSessionCount: 10,
            DefaultCapacity: 12,
            TypicalDuration: TimeSpan.FromDays(365))),
        (DevelopmentTrajectory, new FormatDefinition(
            "Development trajectory",
            ExperienceKind.Trajectory,
            "For advisers of a municipality: assessment, a personal learning plan shared with peers, themed trainings, coaching for those who stagnate, intervision groups of mixed roles, a learning portal and forum.",
            [
                Phase("Kick-off", Step("Kick-off session"), Step("Assessment", "Short assessment completed"), Step("Personal learning plan", "Plan shared with peers")),
                Phase("Development", Step("Themed trainings and workshops"), Step("Intervision groups", "Three groups of mixed roles formed"), Step("Individual coaching", "Offered to those who stagnate")),
                Phase("Kick-out", Step("Learning stories", "Each tells their learning story"), Step("Final evaluation", "Evaluation report written")),
            ],
            DefaultSessionCount: 6,
            DefaultCapacity: 30,
            TypicalDuration: TimeSpan.FromDays(180))),
    ];

    private static PhaseDefinition Phase(string name, params StepDefinition[] steps) => new(name, steps);

    private static StepDefinition Step(string name, params string[] checklist) => new(name, checklist);
}
