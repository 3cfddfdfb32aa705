using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Reporting.V1;
using Platform.Reporting.Rebuild;
using Platform.Reporting.Reports;
using Platform.Reporting.Summary;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;

namespace Platform.Reporting;

/// <summary>The gRPC surface of the Reporting service (platform.reporting.v1): each call delegates to its report.</summary>
public sealed class ReportingGrpcService(ServiceInfo serviceInfo, ImpactSummaryCache summaries, IHostApplicationLifetime lifetime, IServiceProvider services) : ReportingService.ReportingServiceBase
{
    [Authorize(Scopes.ReportingRead)]
    public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
        Task.FromResult(serviceInfo.ToResponse());

    [Authorize(Scopes.ReportingRead)]
    public override async Task<ImpactSummary> GetImpactSummary(GetImpactSummaryRequest request, ServerCallContext context) =>
        await summaries.GetAsync(context.CancellationToken);

    [Authorize(Scopes.ReportingRead)]
    public override async Task WatchImpactSummary(WatchImpactSummaryRequest request, IServerStreamWriter<ImpactSummary> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);

        // Until the watcher hangs up or this replica stops: a stop would otherwise wait for every open stream
        // until the process is killed, and the watchers would see their streams reset.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            var snapshot = await summaries.CurrentAsync(watching.Token);
            while (true)
            {
                await responseStream.WriteAsync(snapshot.Summary, watching.Token);
                snapshot = await summaries.NextAsync(snapshot, watching.Token);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher hung up.
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Unavailable, as gRPC clients and proxies read it: try again, which reaches another replica.
            throw new RpcException(new Status(StatusCode.Unavailable, "This Reporting replica is stopping; watch again to continue on another one."));
        }
    }

    [Authorize(Scopes.ReportingRead)]
    public override Task<PartnerReport> GetPartnerReport(GetPartnerReportRequest request, ServerCallContext context) =>
        services.GetRequiredService<PartnerReports>().GetAsync(request, context.CancellationToken);

    [Authorize(Scopes.ReportingRead)]
    public override Task<Funnel> GetFunnel(GetFunnelRequest request, ServerCallContext context) =>
        services.GetRequiredService<FunnelReport>().GetAsync(request, context.CancellationToken);

    [Authorize(Scopes.ReportingRead)]
    public override Task<TimeSeries> GetTimeSeries(GetTimeSeriesRequest request, ServerCallContext context) =>
        services.GetRequiredService<TimeSeriesReport>().GetAsync(request, context.CancellationToken);

    [Authorize(Scopes.ReportingRead)]
    public override Task<ListNpsResponse> ListNps(ListNpsRequest request, ServerCallContext context) =>
        services.GetRequiredService<NpsReport>().ListAsync(request, context.CancellationToken);

    [Authorize(Scopes.ReportingWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<RebuildReadModelsResponse> RebuildReadModels(RebuildReadModelsRequest request, ServerCallContext context) =>
        new() { EventsReplayed = await services.GetRequiredService<ReadModelRebuild>().RunAsync(context.CancellationToken) };
}
