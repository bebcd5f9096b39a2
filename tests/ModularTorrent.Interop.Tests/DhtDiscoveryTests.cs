using System.Net;
using ModularTorrent.BitTorrent.Dht;
using ModularTorrent.BitTorrent.Engine;
using ModularTorrent.BitTorrent.Metainfo;
using ModularTorrent.BitTorrent.Tests.Support;
using ModularTorrent.Sdk.Protocols;

namespace ModularTorrent.Interop.Tests;

/// <summary>
/// DHT (BEP 5) through the whole engine, no tracker and no peer given: libtorrent's DHT on 127.0.0.1 is the only
/// bootstrap node, and the seeder is found through the DHT alone.
/// </summary>
public sealed class DhtDiscoveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task We_find_a_libtorrent_seeder_through_the_dht_and_complete()
    {
        using var swarm = await LibtorrentDhtSeed.StartAsync();
        var (metainfo, seeder) = (swarm.Metainfo, swarm.Seeder);
        Assert.Empty(metainfo.AnnounceTiers);

        // We take no incoming connections (our DHT node still answers), so the seeder cannot dial us first: the
        // connection that delivers the data is ours, made to the address the DHT gave us.
        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, swarm.DialOnlySettings());
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(swarm.LeechDir.Path));
        await Poll.UntilAsync(() => torrent.State == TransferState.Seeding, Timeout, () => context.TestLogger.Dump() + seeder.Output);

        InteropData.AssertSameFiles(swarm.SeedDir.Combine("share"), swarm.LeechDir.Combine("share"));
        Assert.Empty(torrent.Options.Peers);
        var connected = context.EventLog.OfType<Sdk.Events.PeerConnected>().ToList();
        Assert.Contains(connected, e => e.Endpoint == $"127.0.0.1:{swarm.SeedPort}");
        Assert.All(connected, e => Assert.False(e.Incoming, $"{e.Endpoint} dialed us"));
    }

    [Fact]
    public async Task Libtorrent_finds_our_seed_through_our_dht_node_and_dials_it()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempFolder("mt-bt");
        using var leechDir = new TempFolder("mt-bt");
        var (metainfo, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);

        // Our seed runs a DHT node with no bootstrap and dials nobody: libtorrent can only learn of it from our node's
        // get_peers answers, and only libtorrent can open the connection.
        var ourPort = FreePort.TcpAndUdp();
        var leechPort = FreePort.TcpAndUdp();
        var context = new TestPluginContext();
        // The upload limit stretches the transfer over a few of the driver's 0.2 s status polls, which report libtorrent's connections.
        var settings = TestEngines.LoopbackSettings(uploadLimit: 128 * 1024) with { ListenPort = ourPort, DialPeers = false, Dht = new DhtSettings() };
        await using var engine = await TestEngines.StartAsync(context, settings);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(seedDir.Path));
        await torrent.WaitForStartAsync();
        Assert.Equal(TransferState.Seeding, torrent.State);
        await Poll.UntilAsync(() => engine.Dht!.IsAnnouncing(metainfo.InfoHash), Timeout, () => context.TestLogger.Dump());

        using var leecher = LibtorrentProcess.Download(torrentPath, leechDir.Path, leechPort, [], options: DhtBootstrap(ourPort));
        await leecher.WaitUntilAsync(s => s.Seeding, Timeout, "download complete");
        await leecher.WaitForExitAsync(Timeout);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.True(torrent.GetStatus().UploadedBytes >= metainfo.TotalLength);
        Assert.Contains(leecher.ConnectionsSeen, c => c.Port == ourPort && c.Outgoing && c.FoundThroughDht);
        var connected = context.EventLog.OfType<Sdk.Events.PeerConnected>().ToList();
        Assert.Contains(connected, e => e.Client?.Contains("libtorrent", StringComparison.OrdinalIgnoreCase) == true);
        Assert.All(connected, e => Assert.True(e.Incoming, $"we dialed {e.Endpoint}"));
    }

    [Fact]
    public async Task A_bare_magnet_completes_from_a_libtorrent_seeder_found_through_the_dht()
    {
        using var swarm = await LibtorrentDhtSeed.StartAsync();
        var (metainfo, seeder) = (swarm.Metainfo, swarm.Seeder);

        // Only the info-hash: no tracker, no peer. Incoming connections are off, so the metadata and the data come over
        // connections we open to the address the DHT gives us.
        var context = new TestPluginContext();
        await using var engine = await TestEngines.StartAsync(context, swarm.DialOnlySettings());
        var transfer = engine.AddMagnet(new MagnetLink(metainfo.InfoHash), new TorrentOptions(swarm.LeechDir.Path));
        await Poll.UntilAsync(() => transfer.Torrent?.State == TransferState.Seeding, Timeout, () => context.TestLogger.Dump() + seeder.Output);

        InteropData.AssertSameFiles(swarm.SeedDir.Combine("share"), swarm.LeechDir.Combine("share"));
        Assert.Contains(context.TestLogger.Lines, l => l.Contains("Metadata: the DHT named", StringComparison.Ordinal));
        Assert.All(context.EventLog.OfType<Sdk.Events.PeerConnected>(), e => Assert.False(e.Incoming));
    }

    /// <summary>The driver option that turns libtorrent's DHT on, bootstrapping from our node only.</summary>
    private static string[] DhtBootstrap(int ourPort) => ["--dht-bootstrap", $"127.0.0.1:{ourPort}"];

    /// <summary>
    /// A libtorrent seeder of a fresh share whose DHT bootstraps from our node's port (not yet bound: the test's engine
    /// takes it), and a folder for our copy. The two DHT nodes are the whole DHT.
    /// </summary>
    private sealed class LibtorrentDhtSeed : IDisposable
    {
        private LibtorrentDhtSeed(TempFolder seedDir, TempFolder leechDir, TorrentMetainfo metainfo, int ourPort, int seedPort, LibtorrentProcess seeder)
        {
            (SeedDir, LeechDir, Metainfo, OurPort, SeedPort, Seeder) = (seedDir, leechDir, metainfo, ourPort, seedPort, seeder);
        }

        public TempFolder SeedDir { get; }

        public TempFolder LeechDir { get; }

        public TorrentMetainfo Metainfo { get; }

        public int OurPort { get; }

        public int SeedPort { get; }

        public LibtorrentProcess Seeder { get; }

        public static async Task<LibtorrentDhtSeed> StartAsync()
        {
            LibtorrentProcess.RequireLibtorrent();
            var seedDir = new TempFolder("mt-bt");
            var leechDir = new TempFolder("mt-bt");
            var (metainfo, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);
            var ourPort = FreePort.TcpAndUdp();
            var seedPort = FreePort.TcpAndUdp();
            var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, seedPort, options: DhtBootstrap(ourPort));
            var swarm = new LibtorrentDhtSeed(seedDir, leechDir, metainfo, ourPort, seedPort, seeder);
            try
            {
                await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");
                return swarm;
            }
            catch
            {
                swarm.Dispose();
                throw;
            }
        }

        /// <summary>Our DHT on <see cref="OurPort"/>, bootstrapping from libtorrent's only; no incoming peer connections.</summary>
        public EngineSettings DialOnlySettings() => TestEngines.LoopbackSettings() with
        {
            ListenPort = OurPort,
            AcceptIncoming = false,
            Dht = new DhtSettings { BootstrapNodes = [new DnsEndPoint("127.0.0.1", SeedPort)] },
        };

        public void Dispose()
        {
            Seeder.Dispose();
            LeechDir.Dispose();
            SeedDir.Dispose();
        }
    }
}
