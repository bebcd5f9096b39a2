using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Encryption;
using ModularTorrent.BitTorrent.Extensions;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Encryption;
using ModularTorrent.BitTorrent.Wire;

namespace ModularTorrent.BitTorrent.Tests.Extensions;

/// <summary>BEP 11 against libtorrent: with two of our connections to a libtorrent seed, it tells each about the other.</summary>
public sealed class PexInteropTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempFolder _dir = new("mt-pex");

    [Fact]
    public async Task Libtorrent_tells_us_about_our_other_connection_in_ut_pex()
    {
        using var seed = await LtMseSeed.StartAsync(_dir.Path, Bound);
        var (port, infoHash) = (seed.Port, seed.InfoHash);

        // Two connections announcing different listen ports; libtorrent gossips incoming peers by their listen port.
        using var first = new TcpClient();
        using var second = new TcpClient();
        var a = await ConnectAsync(first, port, infoHash, listenPort: 41001);
        await ConnectAsync(second, port, infoHash, listenPort: 41002);

        var deadline = DateTime.UtcNow + Bound;
        PexMessage? pex = null;
        while (pex is null || !pex.Added.Any(p => p.EndPoint.Port == 41002))
        {
            Assert.True(DateTime.UtcNow < deadline, "libtorrent sent no ut_pex naming our other connection\n" + seed.Output);
            var (id, payload) = await MetadataInteropTests.ReadMessageAsync(a);
            if (id == 20 && payload[0] == ExtensionNames.UtPexId)
            {
                pex = PexCodec.Parse(payload.AsMemory(1));
            }
        }

        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 41002), pex.Added.Select(p => p.EndPoint));

        // libtorrent 2.0 lists the recipient too; what matters here is that its compact lists decode exactly.
        Assert.All(pex.Added, p => Assert.Equal(IPAddress.Loopback, p.EndPoint.Address));
    }

    private static async Task<Stream> ConnectAsync(TcpClient client, int port, InfoHash infoHash, int listenPort)
    {
        await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Bound);
        var session = await MseHandshake.InitiateAsync(client.GetStream(), infoHash, new MseSettings { Mode = EncryptionMode.Required });
        await session.Stream.WriteAsync(MseHandshakeTests.PlainHandshake(infoHash, System.Text.Encoding.ASCII.GetBytes("-MT0001-pex-" + listenPort.ToString(CultureInfo.InvariantCulture) + "xxx")));
        await MseHandshakeTests.ReadExactlyAsync(session.Stream, 68);
        var handshake = new ExtensionHandshake
        {
            Extensions = new Dictionary<string, byte> { [ExtensionNames.UtPex] = ExtensionNames.UtPexId },
            ListenPort = listenPort,
        };
        await MetadataInteropTests.SendExtendedAsync(session.Stream, 0, handshake.Encode());
        return session.Stream;
    }

    public void Dispose() => _dir.Dispose();
}
