using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.Testing;

/// <summary>Free TCP ports on 127.0.0.1, for servers a test starts in another process.</summary>
public static class FreePort
{
    /// <summary>
    /// A port the system just handed out and released. Another process could take it before the
    /// caller binds; in-process servers should bind port 0 themselves instead.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
