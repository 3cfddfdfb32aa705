using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>gRPC server with the error convention, and clients that find services by name.</summary>
public static class GrpcExtensions
{
    /// <summary>Applied to every outgoing call that has none of its own.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    public static IHostApplicationBuilder AddPlatformGrpc(this IHostApplicationBuilder builder)
    {
        // One interceptor of each kind for every call (they keep no state per call), not one created
        // per call. The first added is the outermost: the error convention sees what the others throw.
        builder.Services.AddSingleton<ErrorInterceptor>();
        builder.Services.AddSingleton<StorableTextInterceptor>();
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorInterceptor>();
            o.Interceptors.Add<StorableTextInterceptor>();
            o.EnableDetailedErrors = false;
        });
        builder.Services.AddGrpcReflection();
        UseCheckedRequestMethodProvider(builder.Services);
        return builder;
    }

    /// <summary>
    /// gRPC's provider of a service's methods gives way to <see cref="CheckedRequestMethodProvider{TService}"/>;
    /// both would map every method twice. Called after every <c>AddGrpc</c>, which adds gRPC's again.
    /// </summary>
    private static void UseCheckedRequestMethodProvider(IServiceCollection services)
    {
        var grpcs = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType is { Name: "BinderServiceMethodProvider`1" } type
            && type.Assembly == typeof(IServiceMethodProvider<>).Assembly).ToList();
        if (grpcs.Count == 0)
        {
            throw new InvalidOperationException("gRPC's BinderServiceMethodProvider was not found to replace: check CheckedRequestMethodProvider against this version of Grpc.AspNetCore.Server.");
        }

        grpcs.ForEach(d => services.Remove(d));
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(CheckedRequestMethodProvider<>)));
    }

    /// <summary>
    /// A typed gRPC client for another platform service, addressed <c>http://_grpc.{service}</c>
    /// through service discovery, carrying this service's token, with a default deadline and
    /// retries of transient <c>Unavailable</c> (gRPC's own retry; the HTTP resilience handler is removed
    /// so a call is not retried twice).
    /// </summary>
    public static IHttpClientBuilder AddPlatformGrpcClient<TClient>(this IServiceCollection services, string service)
        where TClient : ClientBase
    {
#pragma warning disable EXTEXP0001 // Experimental, but the documented way to keep gRPC calls from being retried by two layers.
        return services
            .AddGrpcClient<TClient>(o => o.Address = new Uri($"http://_grpc.{service}"))
            .ConfigureChannel(channel =>
            {
                channel.UnsafeUseInsecureChannelCallCredentials = true;
                channel.ServiceConfig = new ServiceConfig
                {
                    MethodConfigs =
                    {
                        new MethodConfig
                        {
                            Names = { MethodName.Default },
                            RetryPolicy = new RetryPolicy
                            {
                                MaxAttempts = 4,
                                InitialBackoff = TimeSpan.FromMilliseconds(200),
                                MaxBackoff = TimeSpan.FromSeconds(2),
                                BackoffMultiplier = 2,
                                RetryableStatusCodes = { StatusCode.Unavailable },
                            },
                        },
                    },
                };
            })
            .AddInterceptor(() => new DefaultDeadlineInterceptor(DefaultDeadline))
            .AddCallCredentials((_, metadata, serviceProvider) =>
            {
                var token = serviceProvider.GetRequiredService<ServiceToken>().Value;
                if (token is not null)
                {
                    metadata.Add("Authorization", "Bearer " + token);
                }

                return Task.CompletedTask;
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }
}
