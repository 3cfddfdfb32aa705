using System.Diagnostics;
using Platform.Contracts.Events;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;

namespace Platform.Reporting.Tests;

/// <summary>Events are taken in in batches (one transaction per batch): a bad event must not cost the good ones beside it.</summary>
[Collection(BlankReportingServers.Name)]
public sealed class BatchIngestTests(BlankReporting reporting)
{
    private const string GroupQueue = "reporting-group-formed";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_poison_event_in_a_batch_fails_alone_and_the_good_ones_count_once()
    {
        var before = (await reporting.SummaryAsync(Cancel)).Community.Groups;
        var good = Enumerable.Range(1, 30).Select(i => Group("Intervision " + i)).ToList();

        // A group without a kind cannot be counted (the counter's dimension is required): it fails every attempt.
        var poison = Group(null!);
        await Task.WhenAll(good.Take(15).Append(poison).Concat(good.Skip(15)).Select(evt => reporting.Publisher.PublishAsync(evt, Cancel)));

        // The good events beside the poison one are taken in one by one, then the batch fails: the
        // summary must follow as after any change, not only at its periodic refresh (15 s) or when
        // the batch's retries are spent (0.2 + 1 + 5 s). One replica, so no other replica's batch
        // ending meanwhile can hide a late refresh.
        var goodIds = good.Select(g => g.EventId).ToArray();
        await ReportingFixture.JournalHoldsAsync(reporting.App, goodIds);
        var taken = Stopwatch.StartNew();
        var groups = await Eventually.ReachesAsync(
            async () => (await reporting.Analyst.GetImpactSummaryAsync(new GetImpactSummaryRequest(), cancellationToken: Cancel)).Community.Groups,
            n => n >= before + good.Count);
        var lag = taken.Elapsed;
        var dead = await Eventually.ReachesAsync(
            async () => (await EventSubscriber.PeekAsync(reporting.App.GetConnectionString("rabbitmq"), GroupQueue + "_error", Cancel))
                .Where(m => m.Body.Contains(poison.EventId.ToString(), StringComparison.Ordinal)).ToList(),
            m => m.Count >= 1,
            TimeSpan.FromSeconds(40));

        Assert.True(lag < TimeSpan.FromSeconds(2), $"the summary showed the good events {lag.TotalMilliseconds:0} ms after they were taken in");
        Assert.Equal(before + good.Count, groups);
        Assert.Equal(good.Count, await ScalarAsync("SELECT count(DISTINCT \"EventId\") FROM journal WHERE \"EventId\" = ANY($1)", goodIds));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM journal WHERE \"EventId\" = $1", poison.EventId));
        Assert.Single(dead);
    }

    [Fact]
    public async Task An_event_without_an_id_in_a_batch_fails_alone_and_the_good_ones_are_taken_in()
    {
        var good = Enumerable.Range(1, 30).Select(i => Group("Peer review " + i)).ToList();

        // The nil UUID as event id and message id (a publisher's unset UUID field): it cannot be
        // deduplicated, so it is refused; the events beside it in its batch are not.
        var keyless = Group("Keyless") with { EventId = Guid.Empty };
        await Task.WhenAll(good.Take(15).Append(keyless).Concat(good.Skip(15)).Select(evt => reporting.Publisher.PublishAsync(evt, Cancel)));

        await ReportingFixture.JournalHoldsAsync(reporting.App, [.. good.Select(g => g.EventId)]);
        var dead = await Eventually.ReachesAsync(
            async () => (await EventSubscriber.PeekAsync(reporting.App.GetConnectionString("rabbitmq"), GroupQueue + "_error", Cancel))
                .Where(m => m.Body.Contains(keyless.GroupId.ToString(), StringComparison.Ordinal)).ToList(),
            m => m.Count >= 1,
            TimeSpan.FromSeconds(40));

        Assert.Contains("cannot be deduplicated", EventSubscriber.Text(Assert.Single(dead).Headers["MT-Fault-Message"]), StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM journal WHERE \"EventId\" = $1", Guid.Empty));
    }

    private Task<long> ScalarAsync(string sql, params object[] parameters) => ReportingFixture.ScalarAsync(reporting.App.GetConnectionString("reportingdb"), sql, parameters);

    private static GroupFormed Group(string kind) =>
        new() { EventId = Guid.NewGuid(), OccurredAt = Scenario.At("2026-06-14T10:00:00Z"), GroupId = Guid.NewGuid(), Name = "Batch " + kind, Kind = kind, MemberIds = [] };
}
