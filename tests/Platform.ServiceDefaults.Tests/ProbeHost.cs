using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Hosting.Security;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Tests.Probe;

namespace Platform.ServiceDefaults.Tests;

/// <summary>A real Kestrel host with the service defaults and the probe service, on a free port.</summary>
public sealed class ProbeHost : IAsyncLifetime
{
    private WebApplication? _app;

    public TokenIssuer Tokens { get; } = TokenIssuer.FromKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public Uri Address { get; private set; } = null!;

    /// <summary>What the host logged at Error level or above: what an operator is paged for.</summary>
    public ErrorLog Errors { get; } = new();

    /// <summary>A public REST endpoint (as the feeds and calendars are) that fails unexpectedly.</summary>
    public const string FailingRestPath = "/probe/fail.csv";

    /// <summary>A public REST endpoint that takes a number (<c>?count=3</c>).</summary>
    public const string CountingRestPath = "/probe/count.csv";

    /// <summary>A REST endpoint that asks for authorisation with a bare <c>RequireAuthorization()</c>: ASP.NET Core's default policy.</summary>
    public const string DefaultPolicyRestPath = "/probe/default-policy.txt";

    /// <summary>A GET on the host's endpoint (HTTP/2 without TLS, the only protocol it speaks).</summary>
    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken) => GetAsync(path, null, cancellationToken);

    /// <summary>A GET on the host's endpoint with <paramref name="token"/> as its bearer token, when there is one.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string? token, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Address, path)) { Version = System.Net.HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request, cancellationToken);
    }

    public ProbeService.ProbeServiceClient Client(string? token)
    {
        var channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { UnsafeUseInsecureChannelCallCredentials = true });
        var invoker = token is null
            ? channel.CreateCallInvoker()
            : channel.CreateCallInvoker().Intercept(metadata =>
            {
                metadata.Add("Authorization", "Bearer " + token);
                return metadata;
            });
        return new ProbeService.ProbeServiceClient(invoker);
    }

    /// <summary>A unary call of <paramref name="method"/> whose body is <paramref name="body"/> as it is, whatever message the method takes.</summary>
    public async Task<byte[]> CallWithBodyAsync(string method, byte[] body, string token, CancellationToken cancellationToken)
    {
        var bytes = Marshallers.Create((byte[] b) => b, b => b);
        using var channel = GrpcChannel.ForAddress(Address);
        var headers = new Metadata { { "Authorization", "Bearer " + token } };
        return await channel.CreateCallInvoker().AsyncUnaryCall(
            new Method<byte[], byte[]>(MethodType.Unary, ProbeService.Descriptor.FullName, method, bytes, bytes),
            host: null,
            new CallOptions(headers, cancellationToken: cancellationToken),
            body);
    }

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ApplicationName = "probe" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Authentication:Schemes:Bearer:ValidIssuer"] = TokenIssuer.Issuer,
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = TokenIssuer.Audience,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = TokenIssuer.Issuer,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Tokens.KeyBase64,
            ["RateLimiting:Mutations:Burst"] = "3",
            ["RateLimiting:Mutations:PerSecond"] = "1",
            ["Kestrel:Endpoints:grpc:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:grpc:Protocols"] = "Http2",
        });
        builder.AddServiceDefaults();
        builder.Logging.AddProvider(Errors);
        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapGrpcService<ProbeImplementation>();
        _app.MapGet(CountingRestPath, (int count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture)).AllowAnonymous();
        _app.MapGet(DefaultPolicyRestPath, () => "allowed").RequireAuthorization();
        _app.MapGet(FailingRestPath, string () => throw new InvalidOperationException("Npgsql failed: Host=db;Password=hunter2 at Internal.Secret.Method()")).AllowAnonymous();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Each call raises what a domain handler would.</summary>
    [Authorize(Scopes.PartnerRead)]
    private sealed class ProbeImplementation : ProbeService.ProbeServiceBase
    {
        public override Task<ProbeReply> Fail(ProbeRequest request, ServerCallContext context) =>
            throw new InvalidOperationException("Npgsql failed: Host=db;Password=hunter2 at Internal.Secret.Method()");

        public override Task<ProbeReply> Validate(ProbeRequest request, ServerCallContext context)
        {
            new Validation().Required("name", request.Name).Email("email", request.Email).ThrowIfInvalid();
            return Task.FromResult(new ProbeReply { Text = "valid" });
        }

        public override Task<ProbeReply> Find(ProbeRequest request, ServerCallContext context) =>
            throw new NotFoundException("Organization", request.Name);

        [Authorize(Scopes.PartnerWrite)]
        [EnableRateLimiting(MutationRateLimiting.Policy)]
        public override Task<ProbeReply> Change(ProbeRequest request, ServerCallContext context) =>
            Task.FromResult(new ProbeReply { Text = "changed" });
    }

    /// <summary>Keeps the Error-level entries a host logs, with their exceptions.</summary>
    public sealed class ErrorLog : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Message, Exception? Exception)> _entries = new();

        public IReadOnlyList<(string Message, Exception? Exception)> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Recorder(_entries);

        public void Dispose()
        {
        }

        private sealed class Recorder(System.Collections.Concurrent.ConcurrentQueue<(string Message, Exception? Exception)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    entries.Enqueue((formatter(state, exception), exception));
                }
            }
        }
    }
}
