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
            Score = Percentage(promoters - detractors, responses),
        };
    }

    /// <summary>
    /// <paramref name="part"/> of <paramref name="whole"/> in percent, to 2 decimals, a half away from zero
    /// (1 of 32 is 3.13, as people and spreadsheets round, not the banker's 3.12); in decimal, so a half is
    /// exactly a half. 0 of nothing.
    /// </summary>
    public static double Percentage(long part, long whole) =>
        whole == 0 ? 0 : (double)Math.Round(part * 100m / whole, 2, MidpointRounding.AwayFromZero);

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
