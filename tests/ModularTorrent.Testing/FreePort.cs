using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.Testing;

/// <summary>Free ports on 127.0.0.1, for servers a test starts in another process.</summary>
public static class FreePort
{
    private const int TcpAndUdpAttempts = 50;

    /// <summary>
    /// A TCP port the system just handed out and released. Another process could take it before the
    /// caller binds; in-process servers should bind port 0 themselves instead.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A port free for both TCP and UDP right now, for a program that binds the one number twice: a BitTorrent
    /// client whose DHT (and uTP) share the TCP listen port, or opentracker serving HTTP and UDP on one port.
    /// As with <see cref="Next"/>, another process may still take it before the caller binds.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such port was found in a bounded number of tries.</exception>
    public static int TcpAndUdp()
    {
        for (var attempt = 0; attempt < TcpAndUdpAttempts; attempt++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // The UDP side of this number is taken: ask for another TCP port.
            }
        }

        throw new InvalidOperationException($"No port free for both TCP and UDP on 127.0.0.1 in {TcpAndUdpAttempts} tries.");
    }
}
