using System.Net;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Lsd;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Events;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// BEP 14 against libtorrent, with no tracker, no DHT and no peer given. libtorrent listens on 127.0.0.1 and so runs
/// its LSD on the loopback interface; ours joins the group there too, so the multicast never leaves this host. Both
/// use the standard port 6771, which libtorrent cannot be told to change. libtorrent announces when its torrent
/// starts, and ours when our torrent starts (both again only minutes later), so whoever starts second is the one
/// heard, and the other side must dial: each test fixes the order (and, where libtorrent's repeats could reach us,
/// keeps our engine from dialing) and checks who dialed.
/// </summary>
[Collection(LocalDiscoveryPort.Name)]
public sealed class LocalDiscoveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static EngineSettings Settings(int port) => TestEngines.LoopbackSettings() with
    {
        ListenPort = port,
        Lsd = new LsdSettings { Interface = IPAddress.Loopback, TimeToLive = 0 },
    };

    [Fact]
    public async Task We_hear_a_libtorrent_leecher_on_lsd_and_dial_it()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);

        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, Settings(FreePort.TcpAndUdp()));
        Assert.NotNull(engine.Lsd);
        var seed = await engine.AddAsync(metainfo, new TorrentOptions(seedDir.Path));
        await seed.WaitForStartAsync();

        var leechPort = FreePort.TcpAndUdp();
        using var leecher = LibtorrentProcess.Download(torrentPath, leechDir.Path, leechPort, [], options: ["--lsd"]);
        await leecher.WaitUntilAsync(s => s.Seeding, Timeout, "download complete");
        await leecher.WaitForExitAsync(Timeout);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.Contains(context.EventLog.OfType<PeerConnected>(), e => e.Endpoint == $"127.0.0.1:{leechPort}" && !e.Incoming);
        Assert.Contains(context.TestLogger.Lines, l => l.Contains($"LSD: 127.0.0.1:{leechPort} has this torrent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_libtorrent_seeder_hears_us_on_lsd_and_dials_us()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);

        // The upload limit stretches the transfer over several of the driver's status polls, which report its connections.
        var seedPort = FreePort.TcpAndUdp();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, seedPort, uploadLimit: 128 * 1024, options: ["--lsd"]);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        // libtorrent repeats its start-up announce a few times over several seconds, which we might hear: our engine
        // dials nobody here, so the connection can only be libtorrent's, made to the address our announce gave it.
        var ourPort = FreePort.TcpAndUdp();
        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, Settings(ourPort) with { DialPeers = false });
        var leech = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path));
        await Poll.UntilAsync(() => leech.State == TransferState.Seeding, Timeout, () => context.TestLogger.Dump() + seeder.Output);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.Contains(seeder.ConnectionsSeen, c => c.Port == ourPort && c.Outgoing && c.FoundThroughLsd);
        Assert.All(context.EventLog.OfType<PeerConnected>(), e => Assert.True(e.Incoming, $"we dialed {e.Endpoint}"));
    }
}
