using Platform.Experience.Data;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Everything the Experience service registers and maps, so Program.cs stays a picture.</summary>
public static class ExperienceServiceExtensions
{
    public static IHostApplicationBuilder AddExperienceServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformDatabase<ExperienceDbContext>("experiencedb");
        builder.AddPlatformRedis();
        builder.AddPlatformMessaging<ExperienceDbContext>();
        return builder;
    }

    public static WebApplication MapExperienceEndpoints(this WebApplication app)
    {
        app.MapGrpcService<Platform.Experience.ExperienceGrpcService>();
        return app;
    }
}
