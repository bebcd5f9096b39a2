using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.Interop.Tests;

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
