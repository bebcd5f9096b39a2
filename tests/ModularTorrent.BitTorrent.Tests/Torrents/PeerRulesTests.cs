using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.BitTorrent.Tests.Torrents;

/// <summary>Raw-socket peers against a seeding engine: protocol violations and connection limits.</summary>
public sealed class PeerRulesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static async Task<(TempFolder Dir, TorrentMetainfo Meta)> ShareAsync()
    {
        var dir = new TempFolder("mt-bt");
        return (dir, await TestShares.OneFileAsync(dir, 5 * 16384, 31));
    }

    private static async Task<NetworkStream> HandshakeAsync(TcpClient client, BitTorrentEngine engine, InfoHash hash, string peerId)
    {
        await client.ConnectAsync(IPAddress.Loopback, engine.ListenPort);
        var stream = client.GetStream();
        var handshake = new byte[68];
        handshake[0] = 19;
        "BitTorrent protocol"u8.CopyTo(handshake.AsSpan(1));
        hash.AsSpan().CopyTo(handshake.AsSpan(28));
        System.Text.Encoding.ASCII.GetBytes(peerId).CopyTo(handshake, 48);
        await stream.WriteAsync(handshake);
        var reply = new byte[68];
        await stream.ReadExactlyAsync(reply).AsTask().WaitAsync(Timeout);
        Assert.Equal(hash.ToArray(), reply[28..48]);
        return stream;
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 5, 4, 0, 0, 0, 99 }, "Have for piece 99")]
    [InlineData(new byte[] { 0, 0, 0, 1, 14 }, "did not announce the fast extension")]
    [InlineData(new byte[] { 0x7F, 0, 0, 0 }, "exceeds the limit")]
    [InlineData(new byte[] { 0, 0, 0, 13, 6, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0x40, 0 }, "runs past piece 0")]
    public async Task A_peer_that_breaks_the_protocol_is_disconnected_with_the_reason(byte[] message, string reason)
    {
        var (dir, meta) = await ShareAsync();
        using var _ = dir;
        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        await (await engine.AddAsync(meta, new TorrentOptions(dir.Path))).WaitForStartAsync();

        using var client = new TcpClient();
        var stream = await HandshakeAsync(client, engine, meta.InfoHash, "-XX0001-rulesrulesru");
        await stream.WriteAsync(message);

        await Poll.UntilAsync(() => context.EventLog.OfType<PeerDisconnected>().Count > 0, Timeout, context.TestLogger.Dump);
        var disconnected = context.EventLog.OfType<PeerDisconnected>()[0];
        Assert.StartsWith("protocol violation", disconnected.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, disconnected.Reason, StringComparison.Ordinal);
        Assert.Contains(context.TestLogger.Lines, l => l.Contains("Warning", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));

        // The engine closed the socket: reading ends.
        var buffer = new byte[4096];
        var deadline = DateTime.UtcNow + Timeout;
        while (await stream.ReadAsync(buffer).AsTask().WaitAsync(Timeout) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline);
        }
    }

    [Fact]
    public async Task The_per_torrent_connection_limit_refuses_extra_peers()
    {
        var (dir, meta) = await ShareAsync();
        using var _ = dir;
        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, TestEngines.LoopbackSettings() with { MaxConnectionsPerTorrent = 1 });
        var torrent = await engine.AddAsync(meta, new TorrentOptions(dir.Path));
        await torrent.WaitForStartAsync();

        using var first = new TcpClient();
        await HandshakeAsync(first, engine, meta.InfoHash, "-XX0001-first-------");
        await Poll.UntilAsync(() => torrent.GetPeers().Count == 1, Timeout);

        using var second = new TcpClient();
        await second.ConnectAsync(IPAddress.Loopback, engine.ListenPort);
        var stream = second.GetStream();
        var handshake = new byte[68];
        handshake[0] = 19;
        "BitTorrent protocol"u8.CopyTo(handshake.AsSpan(1));
        meta.InfoHash.AsSpan().CopyTo(handshake.AsSpan(28));
        await stream.WriteAsync(handshake);
        var reply = new byte[68];
        var read = await stream.ReadAsync(reply).AsTask().WaitAsync(Timeout);
        Assert.Equal(0, read);
        Assert.Single(torrent.GetPeers());
    }

    [Fact]
    public async Task A_seed_offers_allowed_fast_pieces_and_serves_them_while_choking()
    {
        var (dir, meta) = await ShareAsync();
        using var _ = dir;
        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        await (await engine.AddAsync(meta, new TorrentOptions(dir.Path))).WaitForStartAsync();

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, engine.ListenPort);
        var stream = client.GetStream();
        var handshake = new byte[68];
        handshake[0] = 19;
        "BitTorrent protocol"u8.CopyTo(handshake.AsSpan(1));
        handshake[27] = 0x04;
        meta.InfoHash.AsSpan().CopyTo(handshake.AsSpan(28));
        "-XX0001-fastfastfast"u8.CopyTo(handshake.AsSpan(48));
        await stream.WriteAsync(handshake);
        await stream.ReadExactlyAsync(new byte[68]).AsTask().WaitAsync(Timeout);

        // Expect have-all, then allowed-fast messages (the set for 127.0.0.0/24 covers all 5 pieces).
        var allowed = new List<int>();
        var header = new byte[4];
        while (allowed.Count < 5)
        {
            await stream.ReadExactlyAsync(header).AsTask().WaitAsync(Timeout);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
            await stream.ReadExactlyAsync(body).AsTask().WaitAsync(Timeout);
            if (body[0] == 0x11)
            {
                allowed.Add(BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1)));
            }
        }

        // Not interested, so still choked: a request for an allowed piece is served anyway.
        var request = new byte[17];
        BinaryPrimitives.WriteInt32BigEndian(request, 13);
        request[4] = 6;
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(5), allowed[0]);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(13), 16384);
        await stream.WriteAsync(request);
        while (true)
        {
            await stream.ReadExactlyAsync(header).AsTask().WaitAsync(Timeout);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
            await stream.ReadExactlyAsync(body).AsTask().WaitAsync(Timeout);
            if (body[0] == 7)
            {
                Assert.Equal(allowed[0], BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1)));
                Assert.Equal(TestData.Bytes(5 * 16384, 31).AsSpan(allowed[0] * 16384, 16384).ToArray(), body[9..]);
                break;
            }
        }
    }
}
