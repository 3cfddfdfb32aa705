using System.Net;
using System.Net.Sockets;

namespace Platform.Hosting;

/// <summary>
/// A TCP proxy on a project's stable endpoint port that spreads connections over its replicas
/// round-robin, so references stay the same whatever the replica count.
/// </summary>
internal sealed class ReplicaProxy(string resource, int port, Func<IReadOnlyList<int>> backends, ResourceLogs logs) : IAsyncDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _next;

    /// <summary>
    /// Listens on both loopback addresses. When one cannot be had, the other is given back before the
    /// error: a proxy that failed to start must not keep its port from the next start.
    /// </summary>
    public void Start()
    {
        List<IPAddress> addresses = Socket.OSSupportsIPv6 ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback];
        foreach (var address in addresses)
        {
            var listener = new TcpListener(address, port);
            try
            {
                listener.Start();
            }
            catch (SocketException ex)
            {
                StopListening();
                var on = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
                throw new ResourceStartException(resource, ex.SocketErrorCode == SocketError.AddressAlreadyInUse
                    ? $"port {port} is already in use on {on} by another process. Stop that process or choose another port."
                    : $"the proxy cannot listen on {on} port {port} ({ex.Message}).", ex);
            }

            _listeners.Add(listener);
            _ = AcceptAsync(listener);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        StopListening();
        _stopping.Dispose();
    }

    private void StopListening()
    {
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        _listeners.Clear();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            var ports = backends();
            for (var attempt = 0; attempt < ports.Count; attempt++)
            {
                var target = ports[(int)((uint)Interlocked.Increment(ref _next) % ports.Count)];
                using var upstream = new TcpClient();
                try
                {
                    await upstream.ConnectAsync(IPAddress.Loopback, target, _stopping.Token);
                }
                catch (SocketException)
                {
                    continue;
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await PipeAsync(client, upstream);
                return;
            }

            logs.Write(resource, $"proxy on port {port}: no replica accepted the connection", isError: true);
        }
    }

    /// <summary>
    /// Passes bytes both ways until both directions are done. One side ending its sending (a half-close,
    /// as a client does after its request) is passed on, since the other side may still have an answer;
    /// a reset, or the proxy stopping, ends the whole connection.
    /// </summary>
    private async Task PipeAsync(TcpClient client, TcpClient replica)
    {
        // Both streams before either direction starts: a socket that has ended its sending gives no stream.
        var fromClient = client.GetStream();
        var fromReplica = replica.GetStream();
        using var broken = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        await Task.WhenAll(PassAsync(fromClient, fromReplica, broken), PassAsync(fromReplica, fromClient, broken));
    }

    private static async Task PassAsync(NetworkStream from, NetworkStream to, CancellationTokenSource broken)
    {
        try
        {
            await from.CopyToAsync(to, broken.Token);
            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            await broken.CancelAsync();
        }
    }
}
