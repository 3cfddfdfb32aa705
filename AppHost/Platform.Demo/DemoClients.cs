using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Platform.Contracts.Community.V1;
using Platform.Contracts.Experience.V1;
using Platform.Contracts.Partner.V1;

namespace Platform.Demo;

/// <summary>The three public gRPC APIs the seeder writes through, all with one operator token; a refused call names its service (<see cref="NamedCalls"/>).</summary>
public sealed class DemoClients : IDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    public DemoClients(Uri partner, Uri experience, Uri community, string operatorToken)
    {
        Partner = new PartnerService.PartnerServiceClient(Open(partner, operatorToken).Intercept(new NamedCalls("Partner")));
        Experience = new ExperienceService.ExperienceServiceClient(Open(experience, operatorToken).Intercept(new NamedCalls("Experience")));
        Community = new CommunityService.CommunityServiceClient(Open(community, operatorToken).Intercept(new NamedCalls("Community")));
    }

    public PartnerService.PartnerServiceClient Partner { get; }

    public ExperienceService.ExperienceServiceClient Experience { get; }

    public CommunityService.CommunityServiceClient Community { get; }

    private GrpcChannel Open(Uri address, string token)
    {
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("Authorization", "Bearer " + token);
            return Task.CompletedTask;
        });

        // The services limit changes per caller (50 a second): a refused call is retried after a
        // pause. ResourceExhausted is answered before anything runs, so a retry never doubles a change.
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
            MaxRetryAttempts = 10,
            ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = 10,
                            InitialBackoff = TimeSpan.FromMilliseconds(500),
                            MaxBackoff = TimeSpan.FromSeconds(3),
                            BackoffMultiplier = 1.5,
                            RetryableStatusCodes = { StatusCode.ResourceExhausted },
                        },
                    },
                },
            },
        });
        _channels.Add(channel);
        return channel;
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
