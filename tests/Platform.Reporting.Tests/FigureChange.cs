using System.Numerics;

namespace Platform.Reporting.Tests;

/// <summary>What a test's events changed in figures other tests' events share (see <see cref="BlankReportingServers"/>).</summary>
internal static class FigureChange
{
    /// <summary>Each key's figure after minus before, in the order of <paramref name="after"/> (keys gone last); unchanged keys left out.</summary>
    public static (string Key, T By)[] Between<T>(IEnumerable<(string Key, T Value)> before, IEnumerable<(string Key, T Value)> after)
        where T : INumber<T>
    {
        var was = before.ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal);
        var now = after.ToList();
        var kept = now.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. now.Select(a => (a.Key, By: a.Value - was.GetValueOrDefault(a.Key, T.Zero)))
                .Concat(was.Where(b => !kept.Contains(b.Key)).Select(b => (b.Key, By: -b.Value)))
                .Where(c => c.By != T.Zero),
        ];
    }
}
