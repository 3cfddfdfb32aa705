using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.Hosting.Tests;

/// <summary>The TCP proxy in front of a project's replicas passes a connection on as TCP would, half-closes included.</summary>
public sealed class ReplicaProxyTests
{
    [Fact]
    public async Task A_client_that_half_closes_after_its_request_still_gets_the_answer()
    {
        var (answer, _) = await ThroughProxyAsync(client: SendThenReadToEndAsync("question"), replica: AnswerAtEndOfRequestAsync);

        Assert.Equal("answer to question", answer);
    }

    [Fact]
    public async Task A_replica_that_half_closes_after_its_greeting_still_gets_the_clients_request()
    {
        var (greeting, request) = await ThroughProxyAsync(client: ReadToEndThenSendAsync("request"), replica: GreetThenReadToEndAsync);

        Assert.Equal("hello", greeting);
        Assert.Equal("request", request);
    }

    [Fact]
    public async Task A_proxy_that_cannot_listen_on_the_IPv6_loopback_names_the_port_and_gives_its_IPv4_listener_back()
    {
        using var ports = new Processes.PortReservations();
        var port = ports.Reserve();

        // Another process on [::1] only: the IPv4 listener starts, the IPv6 one cannot.
        using var squatter = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        squatter.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IPv6Only, true);
        squatter.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
        squatter.Listen();
        await using var proxy = new ReplicaProxy("partner", port, () => [], new ResourceLogs());

        var failure = Record.Exception(proxy.Start);

        Assert.True(Processes.PortReservations.IsFree(port), $"port {port} is still taken on 127.0.0.1 by the proxy that failed to start");
        Assert.Equal($"partner: port {port} is already in use on [::1] by another process. Stop that process or choose another port.", Assert.IsType<ResourceStartException>(failure).Message);
    }

    private delegate Task<string> Side(NetworkStream stream, CancellationToken cancellation);

    /// <summary>One connection from <paramref name="client"/> through a proxy to one replica played by <paramref name="replica"/>; what each read.</summary>
    private static async Task<(string Client, string Replica)> ThroughProxyAsync(Side client, Side replica)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = ServeOneAsync(listener, replica, timeout.Token);
        using var ports = new Processes.PortReservations();
        var port = ports.Reserve();
        await using var proxy = new ReplicaProxy("partner", port, () => [((IPEndPoint)listener.LocalEndpoint).Port], new ResourceLogs());
        proxy.Start();

        using var connection = new TcpClient();
        await connection.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        var read = await client(connection.GetStream(), timeout.Token);
        return (read, await serving);
    }

    private static async Task<string> ServeOneAsync(TcpListener listener, Side replica, CancellationToken cancellation)
    {
        using var connection = await listener.AcceptTcpClientAsync(cancellation);
        return await replica(connection.GetStream(), cancellation);
    }

    /// <summary>Sends, ends its sending (a half-close), then reads the answer to its end.</summary>
    private static Side SendThenReadToEndAsync(string text) => async (stream, cancellation) =>
    {
        await SendAndHalfCloseAsync(stream, text, cancellation);
        return await ReadToEndAsync(stream, cancellation);
    };

    /// <summary>Reads to the end of what the other side sends, then sends and ends its own sending.</summary>
    private static Side ReadToEndThenSendAsync(string text) => async (stream, cancellation) =>
    {
        var read = await ReadToEndAsync(stream, cancellation);
        await SendAndHalfCloseAsync(stream, text, cancellation);
        return read;
    };

    /// <summary>A replica that answers once the request has ended (the client's half-close).</summary>
    private static async Task<string> AnswerAtEndOfRequestAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var request = await ReadToEndAsync(stream, cancellation);
        await SendAndHalfCloseAsync(stream, "answer to " + request, cancellation);
        return request;
    }

    /// <summary>A replica that says all it has to say first, then reads the client's request to its end.</summary>
    private static Task<string> GreetThenReadToEndAsync(NetworkStream stream, CancellationToken cancellation) =>
        SendThenReadToEndAsync("hello")(stream, cancellation);

    private static async Task SendAndHalfCloseAsync(NetworkStream stream, string text, CancellationToken cancellation)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellation);
        stream.Socket.Shutdown(SocketShutdown.Send);
    }

    private static Task<string> ReadToEndAsync(NetworkStream stream, CancellationToken cancellation) =>
        new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(cancellation);
}
