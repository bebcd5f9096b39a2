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
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempDirectory();
        using var leechDir = new TempDirectory();
        var (bytes, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);
        var metainfo = TorrentMetainfo.Parse(bytes);
        Assert.Empty(metainfo.AnnounceTiers);

        // libtorrent's DHT bootstraps from ours and ours from it: the two form the whole DHT.
        var ourPort = Ports.Free();
        var seedPort = Ports.Free();
        using var seeder = LibtorrentProcess.Seed(torrentPath, seedDir.Path, seedPort, options: ["--dht-bootstrap", $"127.0.0.1:{ourPort}"]);
        await seeder.WaitUntilAsync(s => s.Seeding, Timeout, "seeding");

        var context = new TestPluginContext();
        var settings = TestEngines.LoopbackSettings() with
        {
            ListenPort = ourPort,
            Dht = new DhtSettings { BootstrapNodes = [new DnsEndPoint("127.0.0.1", seedPort)] },
        };
        await using var engine = await TestEngines.StartAsync(context, settings);
        var torrent = await engine.AddAsync(metainfo, new TorrentOptions(leechDir.Path));
        await Wait.UntilAsync(() => torrent.State == TransferState.Seeding, Timeout, () => context.TestLogger.Dump() + seeder.Output);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.Empty(torrent.Options.Peers);
        Assert.Contains(context.EventLog.OfType<Sdk.Events.PeerConnected>(), e => e.Endpoint == $"127.0.0.1:{seedPort}" && !e.Incoming);
    }

    [Fact]
    public async Task A_libtorrent_leecher_and_our_seed_meet_through_the_dht_alone()
    {
        LibtorrentProcess.RequireLibtorrent();
        using var seedDir = new TempDirectory();
        using var leechDir = new TempDirectory();
        var (bytes, torrentPath) = await InteropData.WriteShareTorrentAsync(seedDir);

        var ourPort = Ports.Free();
        var leechPort = Ports.Free();
        var context = new TestPluginContext();
        var settings = TestEngines.LoopbackSettings() with
        {
            ListenPort = ourPort,
            Dht = new DhtSettings { BootstrapNodes = [new DnsEndPoint("127.0.0.1", leechPort)] },
        };
        await using var engine = await TestEngines.StartAsync(context, settings);
        var torrent = await engine.AddAsync(TorrentMetainfo.Parse(bytes), new TorrentOptions(seedDir.Path));
        await torrent.WaitForStartAsync();
        Assert.Equal(TransferState.Seeding, torrent.State);

        // No peer given to either side and no tracker: the two meet through the DHT only. Who dials whom is a race
        // (libtorrent's lookup finds our announce, or ours finds libtorrent's announce), so only the meeting is asserted.
        using var leecher = LibtorrentProcess.Download(torrentPath, leechDir.Path, leechPort, [], options: ["--dht-bootstrap", $"127.0.0.1:{ourPort}"]);
        await leecher.WaitUntilAsync(s => s.Seeding, Timeout, "download complete");
        await leecher.WaitForExitAsync(Timeout);

        InteropData.AssertSameFiles(seedDir.Combine("share"), leechDir.Combine("share"));
        Assert.True(torrent.GetStatus().UploadedBytes >= TorrentMetainfo.Parse(bytes).TotalLength);
        Assert.Contains(context.EventLog.OfType<Sdk.Events.PeerConnected>(), e => e.Client?.Contains("libtorrent", StringComparison.OrdinalIgnoreCase) == true);
    }
}
