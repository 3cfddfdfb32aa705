using Platform.Community.Data;
using Platform.Community.Forum;
using Platform.Community.Members;
using Platform.Community.News;
using Platform.Community.Social;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Everything the Community service registers and maps, so Program.cs stays a picture.</summary>
public static class CommunityServiceExtensions
{
    public static IHostApplicationBuilder AddCommunityServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformDatabase<CommunityDbContext>("communitydb");
        builder.AddPlatformRedis();
        builder.AddPlatformMessaging<CommunityDbContext>(bus =>
        {
            bus.AddConsumer<ParticipantRegisteredConsumer>();
            bus.AddConsumer<RegistrationCancelledConsumer>();
            bus.AddConsumer<ExperienceScheduledConsumer>();
        });
        builder.Services.AddOptions<NewsOptions>().BindConfiguration(NewsOptions.Section)
            .Validate(news => news.FeedMaxAge >= TimeSpan.FromSeconds(2), $"{NewsOptions.Section}:FeedMaxAge must be at least 2 seconds: the feed is cached for half of it.")
            .ValidateOnStart();
        builder.Services.AddOptions<LinkedInOptions>().BindConfiguration(LinkedInOptions.Section);
        builder.Services.AddSingleton<FeedCache>();
        builder.Services.AddScoped<AtomFeed>();
        AddLinkedInChannel(builder.Services);

        // After the migrations (registered by AddPlatformDatabase), so the tables exist.
        builder.Services.AddHostedService<NewsScheduler>();
        builder.Services.AddHostedService<SocialPostDispatcher>();
        return builder;
    }

    public static WebApplication MapCommunityEndpoints(this WebApplication app)
    {
        app.MapGrpcService<Platform.Community.CommunityGrpcService>();
        app.MapNewsFeed();
        return app;
    }

    /// <summary>
    /// The channel's client without the standard resilience handler: the dispatcher retries with
    /// its own back-off, counted and visible on the post, not hidden inside one attempt.
    /// </summary>
    private static void AddLinkedInChannel(IServiceCollection services)
    {
#pragma warning disable EXTEXP0001 // Experimental, but the documented way to take the default handler off one client.
        services.AddHttpClient<LinkedInChannel>((provider, http) =>
                http.Timeout = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LinkedInOptions>>().Value.RequestTimeout)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
