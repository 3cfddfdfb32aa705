using Platform.Community.Data;
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
        builder.AddPlatformMessaging<CommunityDbContext>();
        return builder;
    }

    public static WebApplication MapCommunityEndpoints(this WebApplication app)
    {
        app.MapGrpcService<Platform.Community.CommunityGrpcService>();
        return app;
    }
}
