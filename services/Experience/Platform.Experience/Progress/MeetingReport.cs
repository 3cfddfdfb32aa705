namespace Platform.Experience.Progress;

/// <summary>The report of one session, written by a facilitator (for a trajectory, its coach); a rewrite replaces it.</summary>
public sealed class MeetingReport
{
    private MeetingReport()
    {
    }

    public Guid SessionId { get; private set; }

    public Guid ExperienceId { get; private set; }

    public Guid AuthorExpertId { get; private set; }

    public string Body { get; private set; } = string.Empty;

    public int Revision { get; private set; }

    public DateTimeOffset WrittenAt { get; private set; }

    public static MeetingReport First(Experiences.Session session, Guid authorExpertId, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new MeetingReport { SessionId = session.Id, ExperienceId = session.ExperienceId, AuthorExpertId = authorExpertId, Body = body, Revision = 1, WrittenAt = now };
    }

    public void Rewrite(Guid authorExpertId, string body, DateTimeOffset now)
    {
        AuthorExpertId = authorExpertId;
        Body = body;
        Revision++;
        WrittenAt = now;
    }
}
