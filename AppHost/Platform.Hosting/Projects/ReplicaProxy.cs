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

    public void Start()
    {
        _listeners.Add(new TcpListener(IPAddress.Loopback, port));
        if (Socket.OSSupportsIPv6)
        {
            _listeners.Add(new TcpListener(IPAddress.IPv6Loopback, port));
        }

        foreach (var listener in _listeners)
        {
            listener.Start();
            _ = AcceptAsync(listener);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        _stopping.Dispose();
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

                await PipeAsync(client.GetStream(), upstream.GetStream());
                return;
            }

            logs.Write(resource, $"proxy on port {port}: no replica accepted the connection", isError: true);
        }
    }

    private async Task PipeAsync(NetworkStream downstream, NetworkStream upstream)
    {
        try
        {
            var toUpstream = downstream.CopyToAsync(upstream, _stopping.Token);
            var toDownstream = upstream.CopyToAsync(downstream, _stopping.Token);
            await Task.WhenAny(toUpstream, toDownstream);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // One side closed: the connection is over.
        }
    }
}
