using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Platform.Hosting.Processes;

/// <summary>
/// Hands out the loopback ports an application chooses for itself and holds them until they are
/// released or it is disposed.
/// A port is chosen outside the kernel's ephemeral range, where no outgoing connection and no
/// port-0 listener (a test host, another platform's process) can take it between the moment it is
/// chosen and the moment its process binds it. While held, an abstract Unix socket named after the
/// port claims it machine-wide, so applications starting side by side (parallel test projects)
/// never choose the same one. The claim goes with the process, however it ends.
/// </summary>
internal sealed class PortReservations : IDisposable
{
    private const int LowestChosen = 20000;
    private const int SmallestRange = 1000;

    private readonly Dictionary<int, Socket> _held = [];
    private readonly Lock _lock = new();
    private readonly (int Low, int High)? _range = OutsideEphemeralRange(ReadEphemeralRange());

    /// <summary>How many ports are held now.</summary>
    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>A free loopback port no other application on this machine holds; held until released or disposal.</summary>
    public int Reserve()
    {
        if (_range is not var (low, high))
        {
            return ReserveEphemeral();
        }

        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(low, high + 1);
            if (TryReserve(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free port between {low} and {high}: every one tried is in use or held by another application.");
    }

    /// <summary>Holds the port when it is free on loopback and no other application holds it.</summary>
    public bool TryReserve(int port)
    {
        lock (_lock)
        {
            if (_held.ContainsKey(port) || !TryClaim(port, out var claim))
            {
                return false;
            }

            if (!IsFree(port))
            {
                claim.Dispose();
                return false;
            }

            _held.Add(port, claim);
            return true;
        }
    }

    /// <summary>Lets other applications have the ports again, once what bound them has stopped.</summary>
    public void Release(params ReadOnlySpan<int> ports)
    {
        lock (_lock)
        {
            foreach (var port in ports)
            {
                if (_held.Remove(port, out var claim))
                {
                    claim.Dispose();
                }
            }
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var claim in _held.Values)
            {
                claim.Dispose();
            }

            _held.Clear();
        }
    }

    /// <summary>The ports to choose from: from 20000 up to the ephemeral range, else above it; none when both are too small.</summary>
    internal static (int Low, int High)? OutsideEphemeralRange((int Low, int High) ephemeral)
    {
        if (ephemeral.Low - 1 - LowestChosen >= SmallestRange)
        {
            return (LowestChosen, ephemeral.Low - 1);
        }

        if (IPEndPoint.MaxPort - ephemeral.High >= SmallestRange)
        {
            return (ephemeral.High + 1, IPEndPoint.MaxPort);
        }

        return null;
    }

    private static (int Low, int High) ReadEphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // The kernel's default.
            return (32768, 60999);
        }
    }

    /// <summary>When no room is left outside the ephemeral range: a port the kernel picks, still claimed.</summary>
    private int ReserveEphemeral()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (TryReserve(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No free port: every one the kernel offered is held by another application.");
    }

    private static bool TryClaim(int port, out Socket claim)
    {
        claim = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // A name starting with NUL is in Linux's abstract namespace: no file, released when the socket closes.
            claim.Bind(new UnixDomainSocketEndPoint("\0platform-hosting-port-" + port.ToString(CultureInfo.InvariantCulture)));
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            claim.Dispose();
            return false;
        }
    }
}
