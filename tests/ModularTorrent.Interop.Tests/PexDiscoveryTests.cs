using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// PEX (BEP 11) through the whole engine: we are given one libtorrent peer only; it knows a second libtorrent seeder,
/// tells us in ut_pex, and we dial that seeder ourselves.
/// </summary>
public sealed class PexDiscoveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task We_connect_to_a_seeder_we_only_heard_of_through_libtorrent_pex()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var middleDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir, scale: 4);

        // The seeder is slow (~100 s for the share), so the middle peer is still downloading and connected to it when
        // libtorrent's once-a-minute PEX round comes.
        var seedPort = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, seedPort, uploadLimit: 16 * 1024);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");
        var middlePort = FreePort.TcpAndUdp();
        using var middle = LibtorrentProcess.Download(torrentPath, middleDir.Path, middlePort, [$"127.0.0.1:{seedPort}"]);
        await middle.WaitUntilAsync(s => s.Peers >= 1, Timeout, "the middle peer connects to the seeder");

        // No listener: otherwise the seeder hears of us from the middle peer's PEX and dials us first, and our own
        // dial to it is then a duplicate. Every connection we have is one we made.
        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, TestEngines.LoopbackSettings() with { AcceptIncoming = false });
        var middleEndPoint = new IPEndPoint(IPAddress.Loopback, middlePort);
        var seedEndPoint = new IPEndPoint(IPAddress.Loopback, seedPort);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path) { Peers = [middleEndPoint] });

        await Poll.UntilAsync(
            () => context.EventLog.OfType<PeerConnected>().Any(e => !e.Incoming && e.Endpoint == seedEndPoint.ToString()),
            TimeSpan.FromSeconds(100),
            () => context.TestLogger.Dump() + middle.Output);

        // Given only the middle peer; the seeder's address came in the middle peer's ut_pex message.
        Assert.Equal([middleEndPoint], torrent.Options.Peers);
        Assert.Contains(context.TestLogger.Lines, l => l.Contains($"PEX from {middleEndPoint}: peer {seedEndPoint}.", StringComparison.Ordinal));
        Assert.Contains(torrent.GetPeers(), p => p.Endpoint == seedEndPoint.ToString() && p.Flags.Contains('X', StringComparison.Ordinal));
        Assert.Contains(torrent.GetPeers(), p => p.Endpoint == middleEndPoint.ToString() && !p.Flags.Contains('X', StringComparison.Ordinal));
    }
}
