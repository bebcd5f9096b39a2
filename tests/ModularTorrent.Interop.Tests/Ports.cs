using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// Compiled into ModularTorrent.Cli.Tests only, which links it and does not reference ModularTorrent.Testing; the
/// interop tests themselves use <c>FreePort.TcpAndUdp</c>. Delete it once the CLI tests reference ModularTorrent.Testing.
/// </summary>
public static class Ports
{
    /// <summary>A port free for TCP and UDP on 127.0.0.1 right now.</summary>
    public static int Free()
    {
        for (var i = 0; i < 50; i++)
        {
            var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
            finally
            {
                tcp.Stop();
            }
        }

        throw new InvalidOperationException("No free port on 127.0.0.1.");
    }
}
