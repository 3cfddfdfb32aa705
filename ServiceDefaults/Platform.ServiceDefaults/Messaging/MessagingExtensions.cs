using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Messaging.Inbox;
using Platform.ServiceDefaults.Messaging.Outbox;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// MassTransit on RabbitMQ from <c>ConnectionStrings__rabbitmq</c> with the platform's defaults
/// (publisher confirms, durable topology, kebab-case queues prefixed with the service, retries
/// then <c>_error</c>), plus the transactional outbox and inbox in <typeparamref name="TContext"/>.
/// </summary>
public static class MessagingExtensions
{
    public static IHostApplicationBuilder AddPlatformMessaging<TContext>(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null, string connectionName = "rabbitmq")
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = ConnectionStrings.Required(builder.Configuration, connectionName);
        var service = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;

        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateMessaging();
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddScoped<Inbox<TContext>>();
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton<FailingAggregates>();
        builder.Services.AddHostedService<OutboxModelCheck<TContext>>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "outbox",
            services => ActivatorUtilities.CreateInstance<OutboxHealthCheck>(services),
            HealthStatus.Unhealthy,
            ["ready"],
            HealthExtensions.CheckTimeout));

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit 8.4+ sends "anonymous usage telemetry" (host, versions, endpoints) to its
            // makers' server five minutes after start. A platform does not report on its
            // deployments to a third party unasked; without internet it also logged a warning with
            // a stack trace at every start and loaded 5 MB of HTTP, DNS and symbol-reading code.
            bus.DisableUsageTelemetry();
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(service, includeNamespace: false));
            bus.AddConfigureEndpointsCallback((context, _, endpoint) => ApplyConsumerDefaults(context.GetRequiredService<IOptions<MessagingOptions>>().Value, endpoint));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString), host => host.PublisherConfirmation = true);
                rabbit.Durable = true;
                rabbit.ConfigureEndpoints(context);
            });
        });

        // After the bus, so the relay's first publish finds it started.
        if (builder.Configuration.GetValue($"{MessagingOptions.Section}:Outbox:RelayEnabled", true))
        {
            builder.Services.AddSingleton<OutboxSignal>();
            builder.Services.AddSingleton<OutboxPublisher>();
            builder.Services.AddSingleton<IInterceptor, OutboxCommitSignal>();
            builder.Services.AddHostedService<OutboxRelay>();
        }

        return builder;
    }

    /// <summary>
    /// Refuses to start with a setting the relay or the inbox cannot work with: each would fail
    /// quietly (a batch size of 0 publishes nothing, ever; a poll interval of 0 queries the outbox
    /// without pause; a publish timeout of 0 fails every publish; an inbox retention of 0 forgets
    /// each message id at the next cleanup, so a redelivery takes effect twice).
    /// </summary>
    private static OptionsBuilder<MessagingOptions> ValidateMessaging(this OptionsBuilder<MessagingOptions> options)
    {
        const string Outbox = MessagingOptions.Section + ":Outbox:";
        return options
            .Validate(o => o.Outbox.BatchSize > 0, Outbox + "BatchSize must be at least 1: the relay publishes that many events per transaction.")
            .Validate(o => o.Outbox.PollInterval > TimeSpan.Zero, Outbox + "PollInterval must be longer than 0.")
            .Validate(o => o.Outbox.PublishTimeout > TimeSpan.Zero, Outbox + "PublishTimeout must be longer than 0: it is the wait for RabbitMQ's confirm.")
            .Validate(o => o.Outbox.MaxBackoff > TimeSpan.Zero, Outbox + "MaxBackoff must be longer than 0.")
            .Validate(o => o.Outbox.CleanupInterval > TimeSpan.Zero, Outbox + "CleanupInterval must be longer than 0.")
            .Validate(o => o.InboxRetention > TimeSpan.Zero, MessagingOptions.Section + ":InboxRetention must be longer than 0: a message id forgotten is a redelivery taking effect twice.")
            .ValidateOnStart();
    }

    /// <summary>Every consumer queue: retries at the configured intervals, then <c>_error</c>; prefetch and concurrency.</summary>
    private static void ApplyConsumerDefaults(MessagingOptions options, IReceiveEndpointConfigurator endpoint)
    {
        endpoint.UseMessageRetry(retry => retry.Intervals(options.EffectiveRetryIntervals));
        endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = options.PrefetchCount;
        }
    }
}
