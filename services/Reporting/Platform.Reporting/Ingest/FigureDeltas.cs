using System.Globalization;
using System.Text;
using Platform.Reporting.Data;
using Microsoft.EntityFrameworkCore;

namespace Platform.Reporting.Ingest;

/// <summary>
/// The counter changes one event makes, merged, then written in one statement at the end of its
/// transaction, in key order (so two transactions never wait on each other's rows crosswise).
/// </summary>
public sealed class FigureDeltas(Guid eventId)
{
    /// <summary>Stripes per counter: concurrent consumers of one day's figures mostly touch different rows.</summary>
    public const int Stripes = 4;

    private readonly SortedDictionary<(string Metric, string Dimension, DateOnly Day), decimal> _deltas = new();

    public void Add(string metric, DateOnly day, decimal value = 1, string dimension = "")
    {
        var key = (metric, dimension, day);
        _deltas[key] = _deltas.GetValueOrDefault(key) + value;
    }

    public async Task FlushAsync(ReportingDbContext db, CancellationToken cancellationToken)
    {
        var rows = _deltas.Where(d => d.Value != 0).ToList();
        _deltas.Clear();
        if (rows.Count == 0)
        {
            return;
        }

        var stripe = (short)((eventId.GetHashCode() & int.MaxValue) % Stripes);
        var sql = new StringBuilder("INSERT INTO figures (\"Metric\", \"Dimension\", \"Day\", \"Stripe\", \"Value\") VALUES ");
        var parameters = new List<object>(rows.Count * 4 + 1) { stripe };
        foreach (var ((metric, dimension, day), value) in rows)
        {
            var at = parameters.Count;
            sql.Append(CultureInfo.InvariantCulture, $"({{{at}}}, {{{at + 1}}}, {{{at + 2}}}, {{0}}, {{{at + 3}}}),");
            parameters.AddRange([metric, dimension, day, value]);
        }

        sql.Length--;
        sql.Append(" ON CONFLICT (\"Metric\", \"Dimension\", \"Day\", \"Stripe\") DO UPDATE SET \"Value\" = figures.\"Value\" + excluded.\"Value\"");
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
    }
}
