using Platform.Contracts.Experience.V1;

namespace Platform.Demo;

/// <summary>
/// The five Experiences of the demo, planned around <c>now</c>: the Movietime screening and the
/// LEF-talk end just after registration closes (see <see cref="DemoScale"/>); the trajectories and
/// the programme ran over the past months. Who attends, who gives which score and which actions
/// follow are fixed rules on the person's number, so the figures can be worked out from the plan.
/// </summary>
public static class DemoExperiences
{
    public const string Screening = "Movietime: Beyond Zero";
    public const string Webinar = "LEF-talk: the mobility transition at work";
    public const string ClimateTeam = "Climate-team trajectory Gemeente Utrecht";
    public const string Development = "Development trajectory for advisers, Gemeente Utrecht";

    /// <summary>The programme is named after the year its cohort kicked off; seeding again in a later year starts a new cohort.</summary>
    public static string IntrapreneursOf(int cohort) => $"De Nieuwe Samenzweerders: intrapreneurs {cohort}";

    private static readonly int[] Scores = [10, 9, 8, 7, 9, 6, 10, 4, 9, 8];

    private static readonly ActionTheme[] Themes = [ActionTheme.EnergyWater, ActionTheme.Waste, ActionTheme.PaperPurchasing, ActionTheme.Mobility];

    public static IReadOnlyList<ExperiencePlan> Create(DemoScale scale, DateTimeOffset now)
    {
        var curtain = CeilingToMinute(now + scale.RegistrationWindow);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return [ScreeningPlan(scale, curtain), WebinarPlan(scale, curtain), ClimateTeamPlan(today), IntrapreneurPlan(today), DevelopmentPlan(today)];
    }

    /// <summary>Persons 0..n-1; every tenth does not come; every fourth attendee answers; every twentieth commits.</summary>
    private static ExperiencePlan ScreeningPlan(DemoScale scale, DateTimeOffset curtain)
    {
        var registrants = People.Numbers(Enumerable.Range(0, scale.ScreeningRegistrations));
        var attendees = registrants.Where(p => p.Number % 10 != 9).ToList();
        var actions = attendees.Where(p => p.Number % 20 == 0 && p.Organization is DemoNetwork.Municipality or DemoNetwork.Company)
            .Select((p, i) => new ActionPlan($"{p.FullName}: {Pledges[i % Pledges.Length]}", Themes[i % Themes.Length], p.FullName, p, p.Organization, 30 + (7 * i), Statuses[i % Statuses.Length]))
            .ToList();
        return new ExperiencePlan(
            Screening, DemoFormats.MovietimeScreening, [DemoNetwork.Municipality, DemoNetwork.Company], [DemoNetwork.CoachEmail], false, "Tivoli Vredenburg, Utrecht",
            registrants, [new SessionPlan("Beyond Zero and conversations", curtain - TimeSpan.FromMinutes(150), TimeSpan.FromMinutes(150), attendees)],
            FeedbackOf(attendees, 4, "Where is your dream? Mine is a zero-waste office."), actions);
    }

    /// <summary>The quarter of the LEF-talk's registrants with the lowest numbers also registered for the screening.</summary>
    private static ExperiencePlan WebinarPlan(DemoScale scale, DateTimeOffset curtain)
    {
        var first = scale.ScreeningRegistrations - (scale.WebinarRegistrations / 4);
        var registrants = People.Numbers(Enumerable.Range(first, scale.WebinarRegistrations));
        var attendees = registrants.Where(p => p.Number % 5 != 4).ToList();
        return new ExperiencePlan(
            Webinar, DemoFormats.LefTalksWebinar, [DemoNetwork.Ministry, DemoNetwork.University], [DemoNetwork.MobilityExpertEmail], true, "https://lef-talks.example.nl/live",
            registrants, [new SessionPlan("Stories and practical handles", curtain - TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(90), attendees)],
            FeedbackOf(attendees, 3, "Practical and inspiring."), []);
    }

    /// <summary>Ten municipality employees (all also at the screening), four workshops over twelve weeks.</summary>
    private static ExperiencePlan ClimateTeamPlan(DateOnly today)
    {
        var team = People.Numbers(Enumerable.Range(0, 10).Select(i => i * 4));
        string[] workshops = ["Workshop 1: Diagnosis", "Workshop 2: Planning", "Workshop 3: Action", "Workshop 4: Anchoring"];
        var sessions = workshops.Select((title, s) => new SessionPlan(title, At(today.AddDays(-84 + (s * 25)), 9, 30), TimeSpan.FromHours(3), team.Where((_, m) => (m + s) % 7 != 0).ToList())).ToList();
        return new ExperiencePlan(
            ClimateTeam, DemoFormats.ClimateTeamTrajectory, [DemoNetwork.Municipality], [DemoNetwork.CoachEmail], false, "Stadskantoor Utrecht",
            team, sessions, FeedbackOf(team, 1, "The action list keeps us going."), ClimateTeamActions())
        {
            RegistersForSeries = true,
            FollowsManual = true,
            MeetingReports =
            [
                "## Diagnosis\nChallenges found: heating of the town hall, printing, commuting by car. Bottleneck: no budget owner for waste.",
                "## Planning\nShort term: double-sided printing default, waste separation per floor. Long term: LED, bike lease, green purchasing criteria.",
                "## Action\nColleagues joined the 'bike in May' challenge; the canteen dropped disposable cups.",
                "## Anchoring\nThe team meets monthly without the coach; it asks for support with the purchasing criteria.",
            ],
        };
    }

    private static ActionPlan[] ClimateTeamActions()
    {
        const string m = DemoNetwork.Municipality;
        return
        [
            new("LED lighting in the town hall", ActionTheme.EnergyWater, "Facility services", null, m, -10, ActionStatus.Done),
            new("Water-saving taps on every floor", ActionTheme.EnergyWater, "Facility services", null, m, 60, ActionStatus.InProgress),
            new("Waste separation per floor", ActionTheme.Waste, "Climate team", null, m, -20, ActionStatus.Done),
            new("No disposable cups in the canteen", ActionTheme.Waste, "Catering", null, m, 14, ActionStatus.Open),
            new("Double-sided printing by default", ActionTheme.PaperPurchasing, "ICT", null, m, -5, ActionStatus.InProgress),
            new("Green criteria in purchasing", ActionTheme.PaperPurchasing, "Purchasing", null, m, 120, ActionStatus.Open),
            new("Bike lease for employees", ActionTheme.Mobility, "HR", null, m, 90, ActionStatus.Open),
            new("Bike in May challenge", ActionTheme.Mobility, "Climate team", null, m, -30, ActionStatus.Done),
            new("Car-free Fridays for meetings", ActionTheme.Mobility, "Management team", null, m, 30, ActionStatus.Dropped),
        ];
    }

    /// <summary>Eight intrapreneurs from three organizations (numbers whose employer is the university, the company or the ministry).</summary>
    private static ExperiencePlan IntrapreneurPlan(DateOnly today)
    {
        var intrapreneurs = People.Numbers([1001, 1002, 1003, 1005, 1006, 1007, 1009, 1010]);
        string[] meetings = ["Kick-off", "Joint session: changing from within", "Company visit: Interface", "Joint session: allies and resistance"];
        var kickOff = today.AddDays(-150);
        var sessions = meetings.Select((title, s) => new SessionPlan(title, At(kickOff.AddDays(s * 35), 13, 0), TimeSpan.FromHours(4), intrapreneurs.Where((_, m) => (m + s) % 5 != 0).ToList())).ToList();
        return new ExperiencePlan(
            IntrapreneursOf(kickOff.Year), DemoFormats.IntrapreneurProgramme, [DemoNetwork.Ministry, DemoNetwork.University, DemoNetwork.Company], [DemoNetwork.IntrapreneurCoachEmail], false, "Utrecht",
            intrapreneurs, sessions, FeedbackOf(intrapreneurs, 2, "The coaching helped me find allies."), [])
        {
            RegistersForSeries = true,
        };
    }

    /// <summary>Twelve advisers of the municipality: kick-off, themed training, kick-out; three intervision groups.</summary>
    private static ExperiencePlan DevelopmentPlan(DateOnly today)
    {
        var advisers = People.Numbers(Enumerable.Range(0, 12).Select(i => 2000 + (i * 4)));
        string[] meetings = ["Kick-off and assessment", "Training: climate in every policy", "Kick-out: learning stories"];
        var sessions = meetings.Select((title, s) => new SessionPlan(title, At(today.AddDays(-60 + (s * 25)), 9, 0), TimeSpan.FromHours(3), advisers.Where((_, m) => (m + s) % 6 != 0).ToList())).ToList();
        return new ExperiencePlan(
            Development, DemoFormats.DevelopmentTrajectory, [DemoNetwork.Municipality], [DemoNetwork.TrainerEmail], false, "Stadskantoor Utrecht",
            advisers, sessions, FeedbackOf(advisers, 2, "Intervision with other roles was an eye-opener."), [])
        {
            RegistersForSeries = true,
            FollowsManual = true,
            IntervisionGroups = 3,
        };
    }

    private static readonly string[] Pledges = ["switch off standby equipment", "bring a reusable cup", "print nothing for a month", "cycle to work twice a week"];

    private static readonly ActionStatus[] Statuses = [ActionStatus.Open, ActionStatus.InProgress, ActionStatus.Done];

    /// <summary>Every <paramref name="every"/>-th attendee answers, with a score from a fixed cycle.</summary>
    private static List<FeedbackPlan> FeedbackOf(IReadOnlyList<Person> attendees, int every, string comment) =>
        attendees.Where((_, i) => i % every == 0).Select((p, i) => new FeedbackPlan(p, Scores[i % Scores.Length], Scores[i % Scores.Length] >= 7, comment)).ToList();

    private static DateTimeOffset At(DateOnly day, int hour, int minute)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static DateTimeOffset CeilingToMinute(DateTimeOffset instant)
    {
        var floor = new DateTimeOffset(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerMinute), instant.Offset);
        return floor == instant ? instant : floor.AddMinutes(1);
    }
}
