using Platform.Contracts.Community.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Community.Tests;

/// <summary>A Community service started without LinkedIn's configuration: its own servers, once for these tests.</summary>
public sealed class UnconfiguredFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public CommunityService.CommunityServiceClient Community { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var database = builder.AddPostgres("postgres").AddDatabase("communitydb");
        builder.AddProject<Projects.Platform_Community>("community")
            .WithReference(database).WithReference(redis).WithReference(rabbitmq).WaitFor(database).WaitFor(redis).WaitFor(rabbitmq)
            .WithEnvironment("Community__LinkedIn__PollInterval", "00:00:00.200");
        App = builder.Build();
        await App.StartAsync(TestContext.Current.CancellationToken);
        await App.WaitForResourceHealthyAsync("community", TestContext.Current.CancellationToken);
        Community = new CommunityService.CommunityServiceClient(CommunityFixture.Invoker(App, "community", ["community.read", "community.write"]));
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class UnconfiguredCommunityServers : ICollectionFixture<UnconfiguredFixture>
{
    public const string Name = "community-without-linkedin";
}

/// <summary>Without a configured channel nothing is sent and the post says why: never a silent success.</summary>
[Collection(UnconfiguredCommunityServers.Name)]
public sealed class UnconfiguredChannelTests(UnconfiguredFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_approved_post_stays_unpublished_with_a_channel_not_configured_status()
    {
        var draft = await fixture.Community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = "Hello LinkedIn" }, cancellationToken: Cancel);

        var approved = await fixture.Community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);
        var later = await fixture.Community.GetSocialPostAsync(new GetSocialPostRequest { Id = draft.Id }, cancellationToken: Cancel);

        Assert.Equal(SocialPostStatus.Approved, approved.Status);
        Assert.StartsWith("channel not configured", approved.DeliveryNote, StringComparison.Ordinal);
        Assert.Contains("Community:LinkedIn:AccessToken", approved.DeliveryNote, StringComparison.Ordinal);
        Assert.Equal(SocialPostStatus.Approved, later.Status);
        Assert.Equal(0, later.Attempts);
        Assert.Empty(later.ExternalId);
        Assert.Null(later.PublishedAt);
        Assert.StartsWith("channel not configured", later.DeliveryNote, StringComparison.Ordinal);
    }
}
