using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Common.V1;
using Platform.Contracts.Partner.V1;

namespace Platform.Benchmarks;

/// <summary>
/// The baseline: the same contract on Kestrel with nothing else (no auth, telemetry, rate limiting,
/// health or interceptors), run as its own process like the real service.
/// </summary>
internal static class BareGrpcServer
{
    public const string Argument = "--serve-bare-grpc";

    public static async Task RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<BarePartnerService>();
        await app.RunAsync();
    }

    private sealed class BarePartnerService : PartnerService.PartnerServiceBase
    {
        private static readonly GetServiceInfoResponse Response = new() { Service = "bare", Version = "1", Environment = "Benchmark", InstanceId = "bare-0" };

        public override Task<GetServiceInfoResponse> GetServiceInfo(GetServiceInfoRequest request, ServerCallContext context) =>
            Task.FromResult(Response);
    }
}
