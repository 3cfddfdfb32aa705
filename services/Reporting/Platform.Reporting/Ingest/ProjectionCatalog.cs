using System.Text.Json;
using MassTransit;
using Platform.Contracts.Events;
using Platform.Reporting.Data;

namespace Platform.Reporting.Ingest;

/// <summary>
/// The events Reporting takes in and the projection of each: registers the projection, a batch
/// consumer with its own queue (<c>reporting-&lt;event&gt;</c>), and how a rebuild reads its journal entries.
/// </summary>
public sealed class ProjectionCatalog
{
    private readonly Dictionary<string, Func<Projector, string, ReportingDbContext, CancellationToken, Task>> _replayers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> EventTypes => _replayers.Keys;

    public ProjectionCatalog Add<TEvent, TProjection>(IServiceCollection services, IBusRegistrationConfigurator bus)
        where TEvent : class, IIntegrationEvent
        where TProjection : class, IProjection<TEvent>
    {
        services.AddSingleton<IProjection<TEvent>, TProjection>();
        bus.AddConsumer<EventConsumer<TEvent>>(IngestBatches.Configure).Endpoint(endpoint => endpoint.Name = "reporting-" + KebabCase(typeof(TEvent).Name));
        _replayers[typeof(TEvent).Name] = (projector, body, db, cancellationToken) =>
            projector.ApplyAsync(JsonSerializer.Deserialize<TEvent>(body, Journal.Json)!, db, cancellationToken);
        return this;
    }

    public Func<Projector, string, ReportingDbContext, CancellationToken, Task> Replayer(string eventType) =>
        _replayers.TryGetValue(eventType, out var replayer)
            ? replayer
            : throw new InvalidOperationException($"The journal holds a {eventType}, which no projection takes.");

    private static string KebabCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
