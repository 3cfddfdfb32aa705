using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Messaging.Probe;

/// <summary>
/// The probe service, shaped like a platform service: service defaults, its own database
/// (<c>ConnectionStrings__probedb</c>), RabbitMQ, the outbox and the inbox, one consumer.
/// </summary>
public static class ProbeApp
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });

        // The service's name, as the AppHost would inject it: telemetry and queue names use it.
        builder.Configuration.AddInMemoryCollection([new("OTEL_SERVICE_NAME", "probe")]);
        builder.AddServiceDefaults();
        builder.AddPlatformDatabase<ProbeDbContext>("probedb");
        builder.AddPlatformMessaging<ProbeDbContext>(bus => bus.AddConsumer<ProbeChangedConsumer>());
        builder.Services.AddSingleton<DeliveryLog>();
        return builder;
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();

        // A request that changes state: the change and its event commit together.
        app.MapPost("/changes", async (ChangeRequest request, ProbeDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var change = await ProbeChanges.CommitAsync(db, request.AggregateId, request.Value, time, cancellationToken);
            return TypedResults.Ok(new ChangeResponse(change.Id, Activity.Current?.TraceId.ToString(), Environment.ProcessId));
        }).AllowAnonymous();
        return app;
    }

    public sealed record ChangeRequest(string AggregateId, string Value);

    public sealed record ChangeResponse(Guid ChangeId, string? TraceId, int ProcessId);
}
