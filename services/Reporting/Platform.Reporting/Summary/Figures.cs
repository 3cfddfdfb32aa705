using Platform.Contracts.Reporting.V1;
using Platform.Reporting.Ingest;

namespace Platform.Reporting.Summary;

/// <summary>Building the contract's figures from counts.</summary>
public static class Figures
{
    public static Nps Nps(long promoters, long passives, long detractors)
    {
        var responses = promoters + passives + detractors;
        return new Nps
        {
            Responses = responses,
            Promoters = promoters,
            Passives = passives,
            Detractors = detractors,
            Score = responses == 0 ? 0 : Math.Round((promoters - detractors) * 100.0 / responses, 2),
        };
    }

    public static double Percentage(long part, long whole) => whole == 0 ? 0 : Math.Round(part * 100.0 / whole, 2);

    /// <summary>Action counts by status; overdue are open or in progress with the deadline before today.</summary>
    public static ActionCounts Actions(IEnumerable<(string Status, long Count, long Overdue)> rows)
    {
        var counts = new ActionCounts();
        foreach (var (status, count, overdue) in rows)
        {
            switch (status)
            {
                case "Open": counts.Open += count; break;
                case "InProgress": counts.InProgress += count; break;
                case "Done": counts.Done += count; break;
                case "Dropped": counts.Dropped += count; break;
            }

            counts.Overdue += overdue;
        }

        return counts;
    }
}
