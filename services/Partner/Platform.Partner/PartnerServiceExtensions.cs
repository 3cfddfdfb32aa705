using Platform.Partner.Data;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Everything the Partner service registers and maps, so Program.cs stays a picture.</summary>
public static class PartnerServiceExtensions
{
    public static IHostApplicationBuilder AddPartnerServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformDatabase<PartnerDbContext>("partnerdb");
        builder.AddPlatformRedis();
        builder.AddPlatformMessaging<PartnerDbContext>(bus => bus.AddConsumer<Platform.Partner.Erasure.MemberErasedConsumer>());
        builder.Services.AddScoped<Platform.Partner.Erasure.ProfessionalErasure>();
        builder.Services.AddSingleton<Platform.Partner.Organizations.OrganizationCache>();
        builder.Services.AddSingleton<Platform.Partner.Experts.ExpertCache>();
        return builder;
    }

    public static WebApplication MapPartnerEndpoints(this WebApplication app)
    {
        app.MapGrpcService<Platform.Partner.PartnerGrpcService>();
        return app;
    }
}
