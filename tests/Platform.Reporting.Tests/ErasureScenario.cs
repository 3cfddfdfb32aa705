using Platform.Contracts.Events;

namespace Platform.Reporting.Tests;

/// <summary>
/// Two professionals at two experiences of one partner. q exercises the right to erasure while events of
/// theirs are still in the queues (<see cref="Queued"/>, published after the erasure was taken in); r is
/// never erased. The expected figures are worked out by hand in <see cref="ErasureTests"/>.
/// </summary>
public sealed class ErasureScenario
{
    public const string QEmail = "queued.person@example.nl";
    public const string QName = "Queued Person";
    public const string REmail = "kept.person@example.nl";
    public const string RName = "Kept Person";

    public static string Q => Professionals.IdOf(QEmail);

    public static string R => Professionals.IdOf(REmail);

    public Guid Partner { get; } = Guid.NewGuid();
    public Guid Screening { get; } = Guid.NewGuid();
    public Guid Webinar { get; } = Guid.NewGuid();
    public Guid ScreeningSession { get; } = Guid.NewGuid();
    public Guid WebinarSession { get; } = Guid.NewGuid();
    public Guid MemberQ { get; } = Guid.NewGuid();
    public Guid MemberR { get; } = Guid.NewGuid();
    public Guid ActionQ { get; } = Guid.NewGuid();

    /// <summary>Taken in before the erasure: both at the screening (2026-04-10, 2.5 h); q gives feedback (10), commits to an action and starts a forum thread; r joins the community.</summary>
    public IEnumerable<IIntegrationEvent> Before()
    {
        yield return Scheduled(Screening, "Screening");
        yield return Scheduled(Webinar, "Webinar");
        yield return Registered(Screening, ScreeningSession, Q, QName, QEmail, "2026-03-01T09:00:00Z");
        yield return Registered(Screening, ScreeningSession, R, RName, REmail, "2026-03-01T09:00:00Z");
        yield return Attended(Screening, ScreeningSession, Q, "Screening", "2026-04-10T17:30:00Z", 2.5);
        yield return Attended(Screening, ScreeningSession, R, "Screening", "2026-04-10T17:30:00Z", 2.5);
        yield return Feedback(Screening, "Screening", 10, "Mail me: " + QEmail, "2026-04-11T09:00:00Z");
        yield return new ActionCommitted { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-11T12:00:00Z"), ActionId = ActionQ, ExperienceId = Screening, PartnerId = Partner, Title = "Bike to work", Theme = "Mobility", Owner = QName, OwnerProfessionalId = Q, DueOn = new DateOnly(2026, 9, 1), Status = "Open" };
        yield return Joined(MemberR, R, RName, "2026-04-01T09:00:00Z");

        // q's own words in the forum: the event names the member, not the professional.
        yield return new ThreadStarted { EventId = Guid.NewGuid(), OccurredAt = At("2026-04-12T09:00:00Z"), ThreadId = Guid.NewGuid(), Title = QName + " asks: who leases bikes?", AuthorMemberId = MemberQ };
    }

    /// <summary>q exercises the right to erasure.</summary>
    public MemberErased Erasure => new() { EventId = ErasureId, OccurredAt = At("2026-06-14T09:00:00Z"), MemberId = MemberQ, ProfessionalId = Q };

    private Guid ErasureId { get; } = Guid.NewGuid();

    /// <summary>
    /// q's events that were still queued at the erasure: the webinar (2026-05-20, 1.5 h), feedback on it
    /// (9, a comment naming them), their action done, their joining the community, and a seat they gave back.
    /// </summary>
    public IEnumerable<IIntegrationEvent> Queued()
    {
        yield return Registered(Webinar, WebinarSession, Q, QName, QEmail, "2026-05-01T09:00:00Z");
        yield return Attended(Webinar, WebinarSession, Q, "Webinar", "2026-05-20T14:00:00Z", 1.5);
        yield return Feedback(Webinar, "Webinar", 9, QName + " says: great, write to " + QEmail, "2026-05-21T09:00:00Z");
        yield return new ActionStatusChanged { EventId = Guid.NewGuid(), OccurredAt = At("2026-06-01T12:00:00Z"), ActionId = ActionQ, ExperienceId = Screening, PartnerId = Partner, Theme = "Mobility", OwnerProfessionalId = Q, FromStatus = "Open", ToStatus = "Done", DueOn = new DateOnly(2026, 9, 1) };
        yield return Joined(MemberQ, Q, QName, "2026-04-01T09:00:00Z");

        // A second seat q took and gave back, with a reason in their own words.
        var seat = Registered(Webinar, WebinarSession, Q, QName, QEmail, "2026-05-02T09:00:00Z");
        yield return seat;
        yield return new RegistrationCancelled { EventId = Guid.NewGuid(), OccurredAt = At("2026-05-03T09:00:00Z"), RegistrationId = seat.RegistrationId, ExperienceId = Webinar, SessionId = WebinarSession, ProfessionalId = Q, PreviousStatus = "Registered", CancelledBy = "Participant", Reason = QName + " booked twice" };
    }

    /// <summary>r, never erased, at the webinar too, published with q's queued events.</summary>
    public IEnumerable<IIntegrationEvent> Unaffected()
    {
        yield return Registered(Webinar, WebinarSession, R, RName, REmail, "2026-05-01T09:00:00Z");
        yield return Attended(Webinar, WebinarSession, R, "Webinar", "2026-05-20T14:00:00Z", 1.5);
    }

    private static DateTimeOffset At(string instant) => Scenario.At(instant);

    private ExperienceScheduled Scheduled(Guid experience, string kind) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At("2026-01-15T09:00:00Z"), ExperienceId = experience, Title = kind + " for erasure", ExperienceKind = kind, FormatId = Scenario.FormatTalk, FormatName = "LEF-talk", FormatVersion = 1, HostPartnerIds = [Partner], FacilitatorExpertIds = [], IsOnline = kind == "Webinar" };

    private static ParticipantRegistered Registered(Guid experience, Guid session, string professional, string name, string email, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(at), RegistrationId = Guid.NewGuid(), ExperienceId = experience, SessionId = session, ProfessionalId = professional, FullName = name, Email = email, OrganizationName = "Gemeente Utrecht", Role = "Adviser", FromWaitlist = false };

    private ParticipantAttended Attended(Guid experience, Guid session, string professional, string kind, string startsAt, double hours) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(startsAt).AddHours(4), RegistrationId = Guid.NewGuid(), ExperienceId = experience, SessionId = session, ProfessionalId = professional, ExperienceKind = kind, HostPartnerIds = [Partner], SessionStartsAt = At(startsAt), HoursAttended = hours };

    private FeedbackSubmitted Feedback(Guid experience, string kind, int score, string comment, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(at), FeedbackId = Guid.NewGuid(), Revision = 1, ExperienceId = experience, ExperienceKind = kind, FormatId = Scenario.FormatTalk, HostPartnerIds = [Partner], ProfessionalId = Q, Score = score, WillAct = true, Comment = comment };

    private static MemberJoined Joined(Guid member, string professional, string name, string at) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = At(at), MemberId = member, ProfessionalId = professional, DisplayName = name, OrganizationName = "Gemeente Utrecht", Source = "SignUp" };
}
