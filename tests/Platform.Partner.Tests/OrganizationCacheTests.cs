using Platform.Contracts.Partner.V1;
using Platform.Hosting.Testing;
using StackExchange.Redis;

namespace Platform.Partner.Tests;

/// <summary>The Redis cache of organizations never serves an older state than the database after a change or a retry.</summary>
[Collection(PartnerServers.Name)]
public sealed class OrganizationCacheTests(PartnerFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PartnerService.PartnerServiceClient Manager => fixture.Manager;

    [Fact]
    public async Task Reads_are_cached_in_Redis_and_a_change_drops_the_cached_copy()
    {
        var organization = await Manager.RegisterOrganizationAsync(OrganizationTests.Municipality(), cancellationToken: Cancel);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis);
        var key = "partner:organization:" + Guid.Parse(organization.Id).ToString("N");

        await Manager.GetOrganizationAsync(new GetOrganizationRequest { Id = organization.Id }, cancellationToken: Cancel);
        var cached = Organization.Parser.ParseFrom((byte[])(await redis.GetDatabase().StringGetAsync(key))!);
        await Manager.ChangeStageAsync(new ChangeStageRequest { Id = organization.Id, ToStage = Stage.Contacted }, cancellationToken: Cancel);
        var afterChange = await redis.GetDatabase().KeyExistsAsync(key);
        var read = await Manager.GetOrganizationAsync(new GetOrganizationRequest { Id = organization.Id }, cancellationToken: Cancel);
        var recached = Organization.Parser.ParseFrom((byte[])(await redis.GetDatabase().StringGetAsync(key))!);

        Assert.Equal(organization, cached);
        Assert.False(afterChange);
        Assert.Equal(Stage.Contacted, read.Stage);
        Assert.Equal(read, recached);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_cached_copy_and_one_that_changes_a_detail_drops_it()
    {
        var organization = await Manager.RegisterOrganizationAsync(OrganizationTests.Municipality(), cancellationToken: Cancel);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis);
        var key = "partner:organization:" + Guid.Parse(organization.Id).ToString("N");
        var sameDetails = new UpdateOrganizationRequest { Id = organization.Id, ExpectedVersion = organization.Version, Name = " " + organization.Name, Sector = organization.Sector, Region = organization.Region + " ", EmployeeCount = organization.EmployeeCount, Website = organization.Website };

        await Manager.GetOrganizationAsync(new GetOrganizationRequest { Id = organization.Id }, cancellationToken: Cancel);
        var unchanged = await Manager.UpdateOrganizationAsync(sameDetails, cancellationToken: Cancel);
        var kept = await redis.GetDatabase().StringGetAsync(key);
        sameDetails.EmployeeCount++;
        var grown = await Manager.UpdateOrganizationAsync(sameDetails, cancellationToken: Cancel);
        var afterChange = await redis.GetDatabase().KeyExistsAsync(key);

        Assert.Equal(organization, unchanged);
        Assert.True(kept.HasValue, "the same details again dropped the cached copy");
        Assert.Equal(organization, Organization.Parser.ParseFrom((byte[])kept!));
        Assert.Equal(organization.Version + 1, grown.Version);
        Assert.False(afterChange);
    }

    [Fact]
    public async Task Reads_racing_a_run_of_updates_never_leave_an_older_copy_in_the_cache()
    {
        // A reader that missed, loaded version n and fills after update n+1 deleted the entry would
        // serve version n for 10 minutes; without the fill lease this showed in every run.
        var organization = await Manager.RegisterOrganizationAsync(OrganizationTests.Municipality(), cancellationToken: Cancel);
        var get = new GetOrganizationRequest { Id = organization.Id };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Manager.GetOrganizationAsync(get, cancellationToken: Cancel);
            }
        })).ToList();

        var stale = new List<long>();
        for (var employees = 1; employees <= 150; employees++)
        {
            var update = new UpdateOrganizationRequest { Id = organization.Id, ExpectedVersion = organization.Version, Name = organization.Name, Sector = organization.Sector, Region = organization.Region, EmployeeCount = employees };
            organization = await Manager.UpdateOrganizationAsync(update, cancellationToken: Cancel);
            var read = await Manager.GetOrganizationAsync(get, cancellationToken: Cancel);
            if (read.Version != organization.Version)
            {
                stale.Add(read.Version);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Empty(stale);
    }

    [Fact]
    public async Task A_stage_change_retried_after_a_later_move_returns_the_first_result_and_reads_still_show_the_later_stage()
    {
        var organization = await Manager.RegisterOrganizationAsync(OrganizationTests.Municipality(), cancellationToken: Cancel);
        var toContacted = new ChangeStageRequest { Id = organization.Id, ToStage = Stage.Contacted, RequestId = Guid.NewGuid().ToString() };
        var get = new GetOrganizationRequest { Id = organization.Id };

        var contacted = await Manager.ChangeStageAsync(toContacted, cancellationToken: Cancel);
        var proposal = await Manager.ChangeStageAsync(new ChangeStageRequest { Id = organization.Id, ToStage = Stage.Proposal, RequestId = Guid.NewGuid().ToString() }, cancellationToken: Cancel);
        var readBefore = await Manager.GetOrganizationAsync(get, cancellationToken: Cancel);
        var retried = await Manager.ChangeStageAsync(toContacted, cancellationToken: Cancel);
        var readAfter = await Manager.GetOrganizationAsync(get, cancellationToken: Cancel);
        var readAgain = await Manager.GetOrganizationAsync(get, cancellationToken: Cancel);
        var history = await Manager.GetStageHistoryAsync(new GetStageHistoryRequest { Id = organization.Id }, cancellationToken: Cancel);

        Assert.Equal(contacted, retried);
        Assert.Equal(proposal, readBefore);
        Assert.Equal(proposal, readAfter);
        Assert.Equal(proposal, readAgain);
        Assert.Equal([Stage.Contacted, Stage.Proposal], history.Changes.Select(c => c.ToStage));
    }

    [Fact]
    public async Task While_Redis_does_not_answer_a_change_is_kept_and_reads_come_from_the_database()
    {
        // Redis up but silent (overloaded, or cut off by the network): each call waits out the
        // client's timeout, which throws a TimeoutException, not a RedisException. The change used
        // to commit and then answer Internal, inviting a retry of what had been done.
        var organization = await Manager.RegisterOrganizationAsync(OrganizationTests.Municipality(), cancellationToken: Cancel);
        var get = new GetOrganizationRequest { Id = organization.Id };
        await Manager.GetOrganizationAsync(get, cancellationToken: Cancel);

        Organization changed, read;
        using (fixture.App.Freeze("redis"))
        {
            changed = await Manager.ChangeStageAsync(new ChangeStageRequest { Id = organization.Id, ToStage = Stage.Contacted }, cancellationToken: Cancel);
            read = await Manager.GetOrganizationAsync(get, cancellationToken: Cancel);
        }

        Assert.Equal(Stage.Contacted, changed.Stage);
        Assert.Equal(changed, read);
    }
}
