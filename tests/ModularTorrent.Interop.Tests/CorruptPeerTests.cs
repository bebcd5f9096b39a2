using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// Case 5: a malicious peer (written here, in C#) answers every request with garbage. Its pieces fail
/// the hash check, it is banned, the pieces come again from a good libtorrent seeder, and the data is right.
/// </summary>
public sealed class CorruptPeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Corrupt_blocks_fail_the_check_and_the_sender_is_banned()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var ourDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareLibtorrentTorrentAsync(seedDir);

        await using var liar = new MaliciousPeer(metainfo);
        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(ourDir.Path) { Peers = [liar.EndPoint] });

        await Poll.UntilAsync(() => context.EventLog.OfType<PeerBanned>().Count > 0, Timeout, context.TestLogger.Dump);
        var failed = context.EventLog.OfType<PieceFailed>();
        Assert.NotEmpty(failed);
        Assert.All(failed, f => Assert.Equal([liar.EndPoint.ToString()], f.Peers));
        Assert.Equal(liar.EndPoint.ToString(), context.EventLog.OfType<PeerBanned>()[0].Endpoint);

        var seedPort = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, seedPort);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");
        torrent.AddPeer(new IPEndPoint(IPAddress.Loopback, seedPort));
        await Poll.UntilAsync(() => torrent.State == TransferState.Seeding, Timeout, context.TestLogger.Dump);

        InteropData.AssertSameFiles(seedDir.Combine("share"), ourDir.Combine("share"));
        Assert.True(liar.BlocksSent > 0);

        // Banned: the engine never dialled the liar again, although it stayed in the peer list.
        Assert.Equal(1, liar.Connections);
        Assert.DoesNotContain(torrent.GetPeers(), p => p.Endpoint == liar.EndPoint.ToString());
    }
}
