using Microsoft.Extensions.Configuration;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>MassTransit on RabbitMQ from <c>ConnectionStrings__rabbitmq</c>; its bus health check joins <c>/health</c>.</summary>
public static class MessagingExtensions
{
    public static IHostApplicationBuilder AddPlatformMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configure = null, string connectionName = "rabbitmq")
    {
        var connectionString = ConnectionStrings.Required(builder.Configuration, connectionName);
        var service = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(service, includeNamespace: false));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
