using System.Net;
using System.Net.Sockets;

namespace ModularTorrent.BitTorrent.Tests.Encryption;

/// <summary>Two ends of a real TCP connection on 127.0.0.1.</summary>
public sealed class LoopbackPair : IDisposable
{
    private LoopbackPair(TcpClient client, TcpClient server)
    {
        Client = client;
        Server = server;
        ClientStream = client.GetStream();
        ServerStream = server.GetStream();
    }

    public TcpClient Client { get; }

    public TcpClient Server { get; }

    public NetworkStream ClientStream { get; }

    public NetworkStream ServerStream { get; }

    public static async Task<LoopbackPair> CreateAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var client = new TcpClient();
            var accept = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(TimeSpan.FromSeconds(10));
            var server = await accept.WaitAsync(TimeSpan.FromSeconds(10));
            return new LoopbackPair(client, server);
        }
        finally
        {
            listener.Stop();
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
