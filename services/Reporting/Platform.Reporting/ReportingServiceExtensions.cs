using MassTransit;
using Platform.Contracts.Events;
using Platform.Reporting.Actions;
using Platform.Reporting.Community;
using Platform.Reporting.Data;
using Platform.Reporting.Erasure;
using Platform.Reporting.Experiences;
using Platform.Reporting.Feedback;
using Platform.Reporting.Ingest;
using Platform.Reporting.Pipeline;
using Platform.Reporting.Reach;
using Platform.Reporting.Rebuild;
using Platform.Reporting.Registrations;
using Platform.Reporting.Reports;
using Platform.Reporting.Summary;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
        var catalog = new ProjectionCatalog();
        builder.AddPlatformMessaging<ReportingDbContext>(bus =>
        {
            AddProjections(catalog, builder.Services, bus);
        });
        builder.Services.AddSingleton(catalog);
        builder.Services.AddScoped<Projector>();
        builder.Services.AddSingleton<ErasedProfessionals>();
        builder.Services.AddOptions<ReportingOptions>().BindConfiguration(ReportingOptions.Section);
        builder.Services.AddSingleton<FigureChanges>();
        builder.Services.AddSingleton<IInterceptor, FigureCommitSignal>();
        builder.Services.AddSingleton<ImpactSummaryCache>();
        builder.Services.AddScoped<ImpactSummaryCalculator>();
        builder.Services.AddHostedService<ImpactSummaryRefresher>();
        builder.Services.AddScoped<FunnelReport>();
        builder.Services.AddScoped<PartnerReports>();
        builder.Services.AddScoped<TimeSeriesReport>();
        builder.Services.AddScoped<NpsReport>();
        builder.Services.AddScoped<ReadModelRebuild>();
        return builder;
    }

    public static WebApplication MapReportingEndpoints(this WebApplication app)
    {
        app.MapGrpcService<Platform.Reporting.ReportingGrpcService>();
        app.MapCsvExports();
        return app;
    }

    /// <summary>Every event of the other services that a figure depends on (docs/reporting.md says why the two others are not taken).</summary>
    private static void AddProjections(ProjectionCatalog catalog, IServiceCollection services, IBusRegistrationConfigurator bus) => catalog
        .Add<OrganizationRegistered, OrganizationRegisteredProjection>(services, bus)
        .Add<OrganizationUpdated, OrganizationUpdatedProjection>(services, bus)
        .Add<PipelineStageChanged, PipelineStageChangedProjection>(services, bus)
        .Add<PartnerJoined, PartnerJoinedProjection>(services, bus)
        .Add<PartnerLeft, PartnerLeftProjection>(services, bus)
        .Add<ExpertRegistered, ExpertRegisteredProjection>(services, bus)
        .Add<ExpertEngaged, ExpertEngagedProjection>(services, bus)
        .Add<EngagementCompleted, EngagementCompletedProjection>(services, bus)
        .Add<ExperienceScheduled, ExperienceScheduledProjection>(services, bus)
        .Add<ExperienceCompleted, ExperienceCompletedProjection>(services, bus)
        .Add<ExperienceCancelled, ExperienceCancelledProjection>(services, bus)
        .Add<PhaseCompleted, PhaseCompletedProjection>(services, bus)
        .Add<ParticipantRegistered, ParticipantRegisteredProjection>(services, bus)
        .Add<ParticipantWaitlisted, ParticipantWaitlistedProjection>(services, bus)
        .Add<WaitlistPromoted, WaitlistPromotedProjection>(services, bus)
        .Add<RegistrationCancelled, RegistrationCancelledProjection>(services, bus)
        .Add<ParticipantAttended, ParticipantAttendedProjection>(services, bus)
        .Add<ParticipantNoShow, ParticipantNoShowProjection>(services, bus)
        .Add<FeedbackSubmitted, FeedbackSubmittedProjection>(services, bus)
        .Add<ActionCommitted, ActionCommittedProjection>(services, bus)
        .Add<ActionStatusChanged, ActionStatusChangedProjection>(services, bus)
        .Add<MemberJoined, MemberJoinedProjection>(services, bus)
        .Add<MemberErased, MemberErasedProjection>(services, bus)
        .Add<NewsPublished, NewsPublishedProjection>(services, bus)
        .Add<SocialPostPublished, SocialPostPublishedProjection>(services, bus)
        .Add<ThreadStarted, ThreadStartedProjection>(services, bus)
        .Add<PostAdded, PostAddedProjection>(services, bus)
        .Add<GroupFormed, GroupFormedProjection>(services, bus);
}
