using Platform.Contracts.Events;
using Platform.Contracts.Experience.V1;
using Platform.Contracts.Partner.V1;
using Platform.Demo;

namespace Platform.Demo.Tests;

/// <summary>
/// Reporting's figures worked out from the journey's plan, the way DOMAIN.md defines them: an
/// independent count over who registered, attended, answered and acted (the seeder computes no figure).
/// </summary>
public sealed class ExpectedFigures(DemoSeed seed)
{
    private IEnumerable<ExperiencePlan> Plans => seed.Experiences;

    private IEnumerable<(SessionPlan Session, ExperiencePlan Plan)> Sessions => Plans.SelectMany(p => p.Sessions.Select(s => (s, p)));

    public long Reached => Sessions.SelectMany(s => s.Session.Attendees).Select(p => Professionals.IdOf(p.Email)).Distinct().LongCount();

    public long Registered => Plans.SelectMany(p => p.Registrants).Select(p => p.Email.ToLowerInvariant()).Distinct().LongCount();

    public long Attendances => Sessions.Sum(s => (long)s.Session.Attendees.Count);

    /// <summary>Every registrant holds a seat in every session (one session per evening event, the series for the rest).</summary>
    public long NoShows => Sessions.Sum(s => (long)(s.Plan.Registrants.Count - s.Session.Attendees.Count));

    public double NoShowPercentage => Math.Round(NoShows * 100.0 / (Attendances + NoShows), 2);

    public double ParticipantHours => Sessions.Sum(s => s.Session.Attendees.Count * s.Session.Length.TotalHours);

    public IReadOnlyList<int> Scores => Plans.SelectMany(p => p.Feedback).Select(f => f.Score).ToList();

    public long Promoters => Scores.Count(s => s >= 9);

    public long Detractors => Scores.Count(s => s <= 6);

    public double Nps => Math.Round((Promoters - Detractors) * 100.0 / Scores.Count, 2);

    public long GaveFeedback => Plans.SelectMany(p => p.Feedback).Select(f => f.Person.Email).Distinct().LongCount();

    public IReadOnlyList<ActionPlan> Actions => Plans.SelectMany(p => p.Actions).ToList();

    public long Committed => Actions.Where(a => a.Committer is not null).Select(a => a.Committer!.Email).Distinct().LongCount();

    public long CompletedAction => Actions.Where(a => a.Committer is not null && a.Status == ActionStatus.Done).Select(a => a.Committer!.Email).Distinct().LongCount();

    /// <summary>(open, in progress, done, dropped, overdue) of a theme; Reporting's today is after every deadline.</summary>
    public (long Open, long InProgress, long Done, long Dropped, long Overdue) ActionsOf(ActionTheme theme)
    {
        var of = Actions.Where(a => a.Theme == theme).ToList();
        long Count(ActionStatus status) => of.Count(a => a.Status == status);
        return (Count(ActionStatus.Open), Count(ActionStatus.InProgress), Count(ActionStatus.Done), Count(ActionStatus.Dropped), Count(ActionStatus.Open) + Count(ActionStatus.InProgress));
    }

    public static IReadOnlyDictionary<string, long> OrganizationsByStage =>
        DemoNetwork.Organizations.GroupBy(o => o.Stage.ToString()).ToDictionary(g => g.Key, g => g.LongCount());

    public static IReadOnlyDictionary<string, long> PartnersBySector =>
        DemoNetwork.Organizations.Where(o => o.Stage == Stage.Partner).GroupBy(o => o.Sector.ToString()).ToDictionary(g => g.Key, g => g.LongCount());

    public static long LeadsConverted => DemoNetwork.Organizations.LongCount(o => o.Stage is Stage.Partner or Stage.Alumni);

    public static double CoachingHours => DemoNetwork.Engagements.Where(e => e.Completed).Sum(e => e.LoggedHours);

    public long Members => Plans.SelectMany(p => p.Registrants).Select(p => p.Email).Concat(DemoCommunity.SignUps.Select(s => s.Email)).Select(e => e.ToLowerInvariant()).Distinct().LongCount();

    public long Groups => Plans.Sum(p => (long)p.IntervisionGroups);

    /// <summary>The public threads and one per group.</summary>
    public long Threads => DemoCommunity.Threads.Count + Groups;

    /// <summary>Replies (an opening post is the thread itself): the public threads' and one per group.</summary>
    public long Replies => DemoCommunity.Threads.Sum(t => (long)t.Replies.Count) + Groups;
}
