using Platform.Contracts.Events;

namespace Platform.Reporting.Tests;

/// <summary>
/// A small network, as events: three organizations (one becomes a Partner), three experiences of
/// three kinds, seven professionals, feedback with a revision, actions, community activity and one
/// erasure. Some events are published out of order and one twice, as a broker may deliver them.
/// The expected figures are worked out by hand in the tests.
/// </summary>
public sealed class Scenario
{
    public static readonly Guid FormatMovietime = Guid.NewGuid();
    public static readonly Guid FormatTalk = Guid.NewGuid();

    public Guid PartnerA { get; } = Guid.NewGuid();
    public Guid LeadB { get; } = Guid.NewGuid();
    public Guid LostC { get; } = Guid.NewGuid();
    public Guid Screening { get; } = Guid.NewGuid();
    public Guid Webinar { get; } = Guid.NewGuid();
    public Guid RoundTable { get; } = Guid.NewGuid();
    public Guid ScreeningSession { get; } = Guid.NewGuid();
    public Guid WebinarSession { get; } = Guid.NewGuid();
    public Guid RoundTableSession { get; } = Guid.NewGuid();

    /// <summary>p2 gives their address with other capitals and spaces at the round table: the same professional.</summary>
    public static string P(int number) => Professionals.IdOf($"p{number}@example.nl");

    public static string P2AsTypedAtTheRoundTable => Professionals.IdOf("  P2@Example.NL ");

    public Guid MemberP1 { get; } = Guid.NewGuid();
    public Guid MemberP2 { get; } = Guid.NewGuid();
    public Guid MemberP3 { get; } = Guid.NewGuid();

    /// <summary>The attendance of p1 at the screening, published twice with the same id (a redelivery).</summary>
    public ParticipantAttended RedeliveredAttendance { get; private set; } = null!;

    public static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    public IEnumerable<IIntegrationEvent> Events()
    {
        foreach (var e in Pipeline()) yield return e;
        foreach (var e in Experiences()) yield return e;
        foreach (var e in Registrations()) yield return e;
        foreach (var e in Attendances()) yield return e;
        foreach (var e in Feedback()) yield return e;
        foreach (var e in Actions()) yield return e;
        foreach (var e in Community()) yield return e;
    }

    private IEnumerable<IIntegrationEvent> Pipeline()
    {
        yield return new OrganizationRegistered { EventId = Guid.NewGuid(), OccurredAt = At("2026-01-05T09:00:00Z"), OrganizationId = PartnerA, Name = "Gemeente Utrecht", Sector = "Government", Stage = "Lead" };
        yield return new OrganizationRegistered { EventId = Guid.NewGuid(), OccurredAt = At("2026-01-06T09:00:00Z"), OrganizationId = LeadB, Name = "Hogeschool Zuid", Sector = "Education", Stage = "Lead" };
        yield return new OrganizationRegistered { EventId = Guid.NewGuid(), OccurredAt = At("2026-01-07T09:00:00Z"), OrganizationId = LostC, Name = "Bouw BV", Sector = "Business", Stage = "Lead" };

        // The move to Partner arrives before the earlier moves: the latest stage must win.
        yield return Stage(PartnerA, "Gemeente Utrecht", "Government", "Proposal", "Partner", "2026-03-01T10:00:00Z");
        yield return new PartnerJoined { EventId = Guid.NewGuid(), OccurredAt = At("2026-03-01T10:00:00Z"), OrganizationId = PartnerA, OrganizationName = "Gemeente Utrecht", Sector = "Government", PreviousStage = "Proposal", RegisteredAt = At("2026-01-05T09:00:00Z") };
        yield return Stage(PartnerA, "Gemeente Utrecht", "Government", "Lead", "Contacted", "2026-01-20T10:00:00Z");
        yield return Stage(PartnerA, "Gemeente Utrecht", "Government", "Contacted", "Proposal", "2026-02-10T10:00:00Z");
        yield return Stage(LostC, "Bouw BV", "Business", "Lead", "Lost", "2026-02-11T10:00:00Z");

        var expert = Guid.NewGuid();
        var engagement = Guid.NewGuid();
        yield return new ExpertRegistered { EventId = Guid.NewGuid(), OccurredAt = At("2026-01-10T09:00:00Z"), ExpertId = expert, ProfessionalId = P(90), Name = "Coach", Themes = ["EnergyWater"], Sectors = ["Government"], Languages = ["nl"], MonthlyCoachingCapacityHours = 16 };
        yield return new ExpertEngaged { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-01T09:00:00Z"), EngagementId = engagement, ExpertId = expert, OrganizationId = PartnerA, Scope = "Climate team coaching", PlannedHours = 10 };
        yield return new EngagementCompleted { EventId = Guid.NewGuid(), OccurredAt = At("2026-05-30T09:00:00Z"), EngagementId = engagement, ExpertId = expert, OrganizationId = PartnerA, PlannedHours = 10, LoggedHours = 7.5 };
    }

    private IEnumerable<IIntegrationEvent> Experiences()
    {
        yield return Scheduled(Screening, "Beyond Zero in Tivoli", "Screening", FormatMovietime, "Movietime", [PartnerA]);
        yield return Scheduled(Webinar, "LEF-talk: mobility", "Webinar", FormatTalk, "LEF-talk", [PartnerA]);
        yield return Scheduled(RoundTable, "Ecosystem round table", "RoundTable", FormatMovietime, "Movietime", [LeadB]);
        yield return new ExperienceCompleted { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-11T09:00:00Z"), ExperienceId = Screening, ExperienceKind = "Screening", FormatId = FormatMovietime, FormatVersion = 1, HostPartnerIds = [PartnerA], SessionsHeld = 1, ParticipantCount = 2, ParticipantHours = 5 };
    }

    private IEnumerable<IIntegrationEvent> Registrations()
    {
        foreach (var (p, experience, session) in new[] { (1, Screening, ScreeningSession), (3, Screening, ScreeningSession), (4, Screening, ScreeningSession), (1, Webinar, WebinarSession), (2, Webinar, WebinarSession), (5, RoundTable, RoundTableSession) })
        {
            yield return Registered(experience, session, P(p), fromWaitlist: false);
        }

        yield return Registered(RoundTable, RoundTableSession, P2AsTypedAtTheRoundTable, fromWaitlist: false);

        // p6 waits, gets a seat, then cancels; p7 waits and never gets one.
        var p6 = Guid.NewGuid();
        yield return new ParticipantWaitlisted { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-01T09:00:00Z"), RegistrationId = p6, ExperienceId = Screening, SessionId = ScreeningSession, ProfessionalId = P(6), Position = 1 };
        yield return new WaitlistPromoted { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-02T09:00:00Z"), RegistrationId = p6, ExperienceId = Screening, SessionId = ScreeningSession, ProfessionalId = P(6), WaitlistedAt = At("2026-04-01T09:00:00Z") };
        yield return Registered(Screening, ScreeningSession, P(6), fromWaitlist: true, p6);
        yield return new RegistrationCancelled { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-05T09:00:00Z"), RegistrationId = p6, ExperienceId = Screening, SessionId = ScreeningSession, ProfessionalId = P(6), PreviousStatus = "Registered", CancelledBy = "Participant" };
        yield return new ParticipantWaitlisted { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-03T09:00:00Z"), RegistrationId = Guid.NewGuid(), ExperienceId = Screening, SessionId = ScreeningSession, ProfessionalId = P(7), Position = 2 };
    }

    private IEnumerable<IIntegrationEvent> Attendances()
    {
        // Screening on 2026-04-10 (2.5 h), webinar on 2026-05-20 (1.5 h), round table on 2025-11-03 (2 h).
        RedeliveredAttendance = Attended(Screening, ScreeningSession, P(1), "Screening", [PartnerA], "2026-04-10T17:30:00Z", 2.5);
        yield return RedeliveredAttendance;
        yield return RedeliveredAttendance;
        yield return Attended(Screening, ScreeningSession, P(3), "Screening", [PartnerA], "2026-04-10T17:30:00Z", 2.5);
        yield return Attended(Webinar, WebinarSession, P(1), "Webinar", [PartnerA], "2026-05-20T14:00:00Z", 1.5);
        yield return Attended(Webinar, WebinarSession, P(2), "Webinar", [PartnerA], "2026-05-20T14:00:00Z", 1.5);

        // p2's earlier round table arrives after the webinar: their first reach moves back to it.
        yield return Attended(RoundTable, RoundTableSession, P2AsTypedAtTheRoundTable, "RoundTable", [LeadB], "2025-11-03T13:00:00Z", 2);
        yield return Attended(RoundTable, RoundTableSession, P(5), "RoundTable", [LeadB], "2025-11-03T13:00:00Z", 2);
        yield return new ParticipantNoShow { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-10T22:00:00Z"), RegistrationId = Guid.NewGuid(), ExperienceId = Screening, SessionId = ScreeningSession, ProfessionalId = P(4), SessionStartsAt = At("2026-04-10T17:30:00Z") };
    }

    private IEnumerable<IIntegrationEvent> Feedback()
    {
        var p1OnScreening = Guid.NewGuid();

        // p1 revises 10 to 6; the revision arrives first and must not be overwritten by the original.
        yield return Feedback(p1OnScreening, 2, Screening, "Screening", FormatMovietime, [PartnerA], P(1), 6, "2026-04-12T09:00:00Z", "Too long, on second thought");
        yield return Feedback(p1OnScreening, 1, Screening, "Screening", FormatMovietime, [PartnerA], P(1), 10, "2026-04-11T09:00:00Z", "Great");
        yield return Feedback(Guid.NewGuid(), 1, Screening, "Screening", FormatMovietime, [PartnerA], P(3), 9, "2026-04-11T10:00:00Z", null);
        yield return Feedback(Guid.NewGuid(), 1, Webinar, "Webinar", FormatTalk, [PartnerA], P(2), 7, "2026-05-21T10:00:00Z", "Ask me, p2@example.nl");
        yield return Feedback(Guid.NewGuid(), 1, Webinar, "Webinar", FormatTalk, [PartnerA], P(1), 8, "2026-05-21T11:00:00Z", null);
        yield return Feedback(Guid.NewGuid(), 1, RoundTable, "RoundTable", FormatMovietime, [LeadB], P(5), 3, "2025-11-04T10:00:00Z", null);
    }

    private IEnumerable<IIntegrationEvent> Actions()
    {
        var a1 = Guid.NewGuid();
        var a2 = Guid.NewGuid();
        var a3 = Guid.NewGuid();
        var a4 = Guid.NewGuid();
        yield return Committed(a1, Screening, PartnerA, "EnergyWater", P(1), "2026-06-01", "2026-04-11T12:00:00Z");
        yield return Committed(a2, Screening, PartnerA, "Mobility", P(3), "2026-07-01", "2026-04-11T12:00:00Z");
        yield return StatusChanged(a2, Screening, PartnerA, "Mobility", P(3), "Open", "InProgress", "2026-07-01", "2026-05-01T12:00:00Z");
        yield return StatusChanged(a2, Screening, PartnerA, "Mobility", P(3), "InProgress", "Done", "2026-07-01", "2026-06-01T12:00:00Z");
        yield return Committed(a3, RoundTable, LeadB, "Waste", P(5), "2026-05-01", "2025-11-04T12:00:00Z");
        yield return StatusChanged(a3, RoundTable, LeadB, "Waste", P(5), "Open", "Dropped", "2026-05-01", "2026-01-04T12:00:00Z");

        // Its status change arrives before the commitment.
        yield return StatusChanged(a4, Webinar, PartnerA, "Waste", P(2), "Open", "InProgress", "2026-09-01", "2026-06-02T12:00:00Z");
        yield return Committed(a4, Webinar, PartnerA, "Waste", P(2), "2026-09-01", "2026-05-21T12:00:00Z");
    }

    private IEnumerable<IIntegrationEvent> Community()
    {
        yield return Joined(MemberP1, P(1), "Professional 1", "2026-04-10T09:00:00Z");
        yield return Joined(MemberP2, P(2), "Professional 2", "2026-05-20T09:00:00Z");
        yield return Joined(MemberP3, P(3), "Professional 3", "2026-04-10T09:00:00Z");
        var thread = Guid.NewGuid();
        yield return new ThreadStarted { EventId = Guid.NewGuid(), OccurredAt = At("2026-06-10T09:00:00Z"), ThreadId = thread, Title = "Bike lease?", AuthorMemberId = MemberP1 };
        yield return Post(thread, MemberP2, "2026-06-12T09:00:00Z");
        yield return Post(thread, MemberP1, "2026-06-12T10:00:00Z");
        yield return Post(thread, MemberP3, "2026-04-01T10:00:00Z");
        yield return new NewsPublished { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-15T09:00:00Z"), NewsItemId = Guid.NewGuid(), Title = "Beyond Zero in Utrecht", Url = "https://example.nl/news/1", Tags = ["Accelerate"], PartnerIds = [PartnerA] };
        yield return new NewsPublished { EventId = Guid.NewGuid(), OccurredAt = At("2026-05-25T09:00:00Z"), NewsItemId = Guid.NewGuid(), Title = "LEF-talk", Url = "https://example.nl/news/2", Tags = [], PartnerIds = [] };
        yield return new SocialPostPublished { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-15T10:00:00Z"), SocialPostId = Guid.NewGuid(), Channel = "LinkedIn" };
    }

    /// <summary>p2 exercises the right to erasure, after everything above was taken in.</summary>
    public MemberErased Erasure => new() { EventId = ErasureId, OccurredAt = At("2026-06-14T09:00:00Z"), MemberId = MemberP2, ProfessionalId = P(2) };

    private Guid ErasureId { get; } = Guid.NewGuid();

    private static PipelineStageChanged Stage(Guid organization, string name, string sector, string from, string to, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(at), OrganizationId = organization, OrganizationName = name, Sector = sector, FromStage = from, ToStage = to };

    private static ExperienceScheduled Scheduled(Guid experience, string title, string kind, Guid format, string formatName, Guid[] hosts) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At("2026-01-15T09:00:00Z"), ExperienceId = experience, Title = title, ExperienceKind = kind, FormatId = format, FormatName = formatName, FormatVersion = 1, HostPartnerIds = hosts, FacilitatorExpertIds = [], IsOnline = kind == "Webinar" };

    private static ParticipantRegistered Registered(Guid experience, Guid session, string professional, bool fromWaitlist, Guid? registration = null) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At("2026-03-01T09:00:00Z"), RegistrationId = registration ?? Guid.NewGuid(), ExperienceId = experience, SessionId = session, ProfessionalId = professional, FullName = "Name of " + professional[..6], Email = professional[..6] + "@example.nl", OrganizationName = "Gemeente Utrecht", Role = "Adviser", FromWaitlist = fromWaitlist };

    private static ParticipantAttended Attended(Guid experience, Guid session, string professional, string kind, Guid[] hosts, string startsAt, double hours) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(startsAt).AddHours(4), RegistrationId = Guid.NewGuid(), ExperienceId = experience, SessionId = session, ProfessionalId = professional, ExperienceKind = kind, HostPartnerIds = hosts, SessionStartsAt = At(startsAt), HoursAttended = hours };

    private static FeedbackSubmitted Feedback(Guid feedback, int revision, Guid experience, string kind, Guid format, Guid[] hosts, string professional, int score, string at, string? comment) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(at), FeedbackId = feedback, Revision = revision, ExperienceId = experience, ExperienceKind = kind, FormatId = format, HostPartnerIds = hosts, ProfessionalId = professional, Score = score, WillAct = score >= 7, Comment = comment };

    private static ActionCommitted Committed(Guid action, Guid experience, Guid partner, string theme, string owner, string dueOn, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(at), ActionId = action, ExperienceId = experience, PartnerId = partner, Title = "Action " + theme, Theme = theme, Owner = "Owner " + owner[..6], OwnerProfessionalId = owner, DueOn = DateOnly.Parse(dueOn, System.Globalization.CultureInfo.InvariantCulture), Status = "Open" };

    private static ActionStatusChanged StatusChanged(Guid action, Guid experience, Guid partner, string theme, string owner, string from, string to, string dueOn, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(at), ActionId = action, ExperienceId = experience, PartnerId = partner, Theme = theme, OwnerProfessionalId = owner, FromStatus = from, ToStatus = to, DueOn = DateOnly.Parse(dueOn, System.Globalization.CultureInfo.InvariantCulture) };

    private static MemberJoined Joined(Guid member, string professional, string name, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(at), MemberId = member, ProfessionalId = professional, DisplayName = name, Source = "Registration" };

    private static PostAdded Post(Guid thread, Guid author, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(at), PostId = Guid.NewGuid(), ThreadId = thread, AuthorMemberId = author };
}
