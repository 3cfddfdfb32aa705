using Platform.Contracts.Experience.V1;

namespace Platform.Demo;

/// <summary>A session as it happened: when, how long, and who checked in.</summary>
public sealed record SessionPlan(string Title, DateTimeOffset StartsAt, TimeSpan Length, IReadOnlyList<Person> Attendees);

/// <summary>What a participant answered afterwards.</summary>
public sealed record FeedbackPlan(Person Person, int Score, bool WillAct, string Comment);

/// <summary>
/// An action on the experience's list: a participant's own commitment when <see cref="Committer"/>
/// is set, else added by the coach for <see cref="Owner"/> in <see cref="Partner"/>.
/// </summary>
public sealed record ActionPlan(string Title, ActionTheme Theme, string Owner, Person? Committer, string Partner, int DueInDays, ActionStatus Status);

/// <summary>
/// One Experience of the demo, run from start to end: its format, hosts (partner names),
/// facilitators (expert e-mails), the professionals who register (each holds a seat, for every
/// session), the sessions with their attendance, feedback and actions.
/// </summary>
public sealed record ExperiencePlan(
    string Title,
    Guid FormatId,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<string> Facilitators,
    bool IsOnline,
    string Location,
    IReadOnlyList<Person> Registrants,
    IReadOnlyList<SessionPlan> Sessions,
    IReadOnlyList<FeedbackPlan> Feedback,
    IReadOnlyList<ActionPlan> Actions)
{
    /// <summary>Registration for the whole series (trajectories, programmes) rather than per session.</summary>
    public bool RegistersForSeries { get; init; }

    /// <summary>Walk every step of the manual's phases (the trajectories do; the events are not tracked step by step).</summary>
    public bool FollowsManual { get; init; }

    /// <summary>The coach's meeting report per session, in session order; empty when none are written.</summary>
    public IReadOnlyList<string> MeetingReports { get; init; } = [];

    /// <summary>Intervision groups formed from the participants (Community); 0 for none.</summary>
    public int IntervisionGroups { get; init; }
}
