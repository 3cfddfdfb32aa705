using Platform.Contracts.Partner.V1;
using Platform.Experience.Calendars;
using Platform.Experience.Data;
using Platform.Experience.Erasure;
using Platform.Experience.Experiences;
using Platform.Experience.Formats;
using Platform.Experience.Registrations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
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
        builder.AddPlatformMessaging<ExperienceDbContext>(bus => bus.AddConsumer<MemberErasedConsumer>());
        builder.Services.AddPlatformGrpcClient<PartnerService.PartnerServiceClient>("partner");
        builder.Services.AddScoped<PartnerDirectory>();
        builder.Services.AddScoped<Seats>();
        builder.Services.AddScoped<Enrolment>();
        builder.Services.AddScoped<Cancellation>();
        builder.Services.AddScoped<ProfessionalErasure>();
        builder.Services.AddSingleton<RegistrationDesk>();
        // After the migrations (registered by AddPlatformDatabase), so the tables exist.
        builder.Services.AddHostedService<ManualSeeder>();
        return builder;
    }

    public static WebApplication MapExperienceEndpoints(this WebApplication app)
    {
        app.MapGrpcService<Platform.Experience.ExperienceGrpcService>();
        app.MapCalendars();
        return app;
    }
}
