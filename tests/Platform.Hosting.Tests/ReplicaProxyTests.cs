using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.Hosting.Tests;

/// <summary>The TCP proxy in front of a project's replicas passes a connection on as TCP would, half-closes included.</summary>
public sealed class ReplicaProxyTests
{
    private static CancellationToken Timeout() =>
        CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken).Also(c => c.CancelAfter(TimeSpan.FromSeconds(30))).Token;

    [Fact]
    public async Task A_client_that_half_closes_after_its_request_still_gets_the_answer()
    {
        var cancellation = Timeout();
        using var replica = new TcpListener(IPAddress.Loopback, 0);
        replica.Start();
        var serving = AnswerAtEndOfRequestAsync(replica, cancellation);
        using var ports = new Processes.PortReservations();
        var port = ports.Reserve();
        await using var proxy = new ReplicaProxy("partner", port, () => [((IPEndPoint)replica.LocalEndpoint).Port], new ResourceLogs());
        proxy.Start();

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellation);
        var stream = client.GetStream();
        await stream.WriteAsync("question"u8.ToArray(), cancellation);
        client.Client.Shutdown(SocketShutdown.Send);
        var answer = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(cancellation);

        Assert.Equal("answer to question", answer);
        await serving;
    }

    [Fact]
    public async Task A_replica_that_half_closes_after_its_greeting_still_gets_the_clients_request()
    {
        var cancellation = Timeout();
        using var replica = new TcpListener(IPAddress.Loopback, 0);
        replica.Start();
        var serving = GreetThenReadRequestAsync(replica, cancellation);
        using var ports = new Processes.PortReservations();
        var port = ports.Reserve();
        await using var proxy = new ReplicaProxy("partner", port, () => [((IPEndPoint)replica.LocalEndpoint).Port], new ResourceLogs());
        proxy.Start();

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellation);
        var stream = client.GetStream();
        var greeting = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(cancellation);
        await stream.WriteAsync("request"u8.ToArray(), cancellation);
        client.Client.Shutdown(SocketShutdown.Send);

        Assert.Equal("hello", greeting);
        Assert.Equal("request", await serving);
    }

    /// <summary>A replica that reads the request to its end (the client's half-close), then answers and closes.</summary>
    private static async Task AnswerAtEndOfRequestAsync(TcpListener replica, CancellationToken cancellation)
    {
        using var connection = await replica.AcceptTcpClientAsync(cancellation);
        var stream = connection.GetStream();
        var request = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(cancellation);
        await stream.WriteAsync(Encoding.UTF8.GetBytes("answer to " + request), cancellation);
        connection.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>A replica that says all it has to say and half-closes, then reads what the client sends to its end.</summary>
    private static async Task<string> GreetThenReadRequestAsync(TcpListener replica, CancellationToken cancellation)
    {
        using var connection = await replica.AcceptTcpClientAsync(cancellation);
        var stream = connection.GetStream();
        await stream.WriteAsync("hello"u8.ToArray(), cancellation);
        connection.Client.Shutdown(SocketShutdown.Send);
        return await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync(cancellation);
    }
}
