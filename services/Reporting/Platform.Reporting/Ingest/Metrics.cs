namespace Platform.Reporting.Ingest;

/// <summary>The names of the counters in <c>figures</c>; each is additive per day.</summary>
public static class Metrics
{
    /// <summary>Professionals by the day and channel of their first reach.</summary>
    public const string Reached = "reached";
    public const string Attendances = "attendances";
    public const string ParticipantHours = "participant_hours";
    public const string NoShows = "no_shows";
    public const string Registrations = "registrations";
    public const string Waitlisted = "waitlisted";
    public const string WaitlistConversions = "waitlist_conversions";
    public const string Cancellations = "cancellations";

    /// <summary>Latest feedback revisions, by category (<see cref="Promoter"/>, <see cref="Passive"/>, <see cref="Detractor"/>).</summary>
    public const string Feedback = "feedback";
    public const string ActionsCommitted = "actions_committed";
    public const string ActionsCompleted = "actions_completed";
    public const string ExperiencesScheduled = "experiences_scheduled";
    public const string ExperiencesCompleted = "experiences_completed";
    public const string ExperiencesCancelled = "experiences_cancelled";
    public const string PhasesCompleted = "phases_completed";
    public const string StepsSkipped = "steps_skipped";
    public const string OrganizationsRegistered = "organizations_registered";
    public const string PartnersJoined = "partners_joined";
    public const string PartnersLeft = "partners_left";
    public const string Experts = "experts";
    public const string CoachingHours = "coaching_hours";
    public const string MembersJoined = "members_joined";
    public const string NewsPublished = "news_published";
    public const string SocialPostsPublished = "social_posts_published";
    public const string ForumThreads = "forum_threads";
    public const string ForumPosts = "forum_posts";
    public const string Groups = "groups";

    public const string Promoter = "promoter";
    public const string Passive = "passive";
    public const string Detractor = "detractor";

    /// <summary>NPS categories: 9-10 promoters, 7-8 passives, 0-6 detractors.</summary>
    public static string NpsCategory(int score) => score switch
    {
        >= 9 => Promoter,
        >= 7 => Passive,
        _ => Detractor,
    };
}
