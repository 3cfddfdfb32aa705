using Platform.Reporting.Data;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Everything the Reporting service registers and maps, so Program.cs stays a picture.</summary>
public static class ReportingServiceExtensions
{
    public static IHostApplicationBuilder AddReportingServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformDatabase<ReportingDbContext>("reportingdb");
        builder.AddPlatformRedis();
        builder.AddPlatformMessaging<ReportingDbContext>();
        return builder;
    }

    public static WebApplication MapReportingEndpoints(this WebApplication app)
    {
        app.MapGrpcService<Platform.Reporting.ReportingGrpcService>();
        return app;
    }
}
